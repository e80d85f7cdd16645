-- purpose: the plan's targets per year with their direction, entered indicator values with who entered them, and ABC x 3 grading rounds (four score sources, weights, score bands, rewards, confirmation)

-- One row per target and year. comparator/target decide whether a community meets it; a
-- town-level target also says how many communities must meet it (a share or a count; neither
-- means all of them).
CREATE TABLE scorecard_target (
  year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  key         text NOT NULL,
  comparator  text NOT NULL CHECK (comparator IN ('>=', '<=', '=')),
  target      double precision NOT NULL,
  town_share  double precision CHECK (town_share > 0 AND town_share <= 1),
  town_count  integer CHECK (town_count > 0),
  version     integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (year, key),
  CHECK (town_share IS NULL OR town_count IS NULL)
);

-- The 2008 plan's targets (seed/community-work-plan-2008.txt). Status indicators are 1 (has the
-- status) or 0; rates are percentages.
INSERT INTO scorecard_target (year, key, comparator, target, town_share, town_count) VALUES
  (2008, 'service_items', '>=', 15, NULL, NULL),
  (2008, 'resident_satisfaction', '>=', 85, NULL, NULL),
  (2008, 'full_reemployment', '=', 1, 0.8, NULL),
  (2008, 'cultural_activities', '>=', 10, NULL, NULL),
  (2008, 'reading_room_books', '>=', 500, NULL, NULL),
  (2008, 'mediation_rate', '>=', 98, NULL, NULL),
  (2008, 'mediation_success_rate', '>=', 90, NULL, NULL),
  (2008, 'petitions_work_failure', '<=', 0, NULL, NULL),
  (2008, 'harmonious_demonstration', '=', 1, 0.6, NULL),
  (2008, 'green_provincial', '=', 1, NULL, 2),
  (2008, 'green_municipal', '=', 1, NULL, 7),
  (2008, 'housing_standard', '=', 1, NULL, NULL),
  (2008, 'volunteer_categories', '>=', 8, NULL, NULL),
  (2008, 'grid_staffing', '>=', 100, NULL, NULL);

-- Indicator values entered by staff (computed ones are not stored: they are read from the registers).
ALTER TABLE community_indicator ADD COLUMN entered_by text REFERENCES app_user (username) ON DELETE SET NULL;
ALTER TABLE community_indicator ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX community_indicator_year_idx ON community_indicator (year, indicator);

-- Registers are snapshots of today, so computed indicators describe this plan year only;
-- other years show what was entered for them.
INSERT INTO setting (key, value, description) VALUES
  ('scorecard.currentYear', '2008', 'Plan year whose computed indicators come from the registers'),
  ('grading.defaultWeights', '{"self": 1, "assessment": 1, "mutual": 1, "residents": 1}', 'Default relative weights of the four evaluation sources'),
  ('grading.defaultBands', '[{"class":"A","level":1,"minScore":95},{"class":"A","level":2,"minScore":90},{"class":"A","level":3,"minScore":85},{"class":"B","level":1,"minScore":80},{"class":"B","level":2,"minScore":75},{"class":"B","level":3,"minScore":70},{"class":"C","level":1,"minScore":65},{"class":"C","level":2,"minScore":60},{"class":"C","level":3,"minScore":0}]', 'Default score bands, best first: a weighted score at or above minScore gets that grade'),
  ('grading.defaultRewards', '{"perLevelYuan": 2000, "perClassYuan": 5000}', 'Default rewards: per level gained, plus per class gained');

-- One evaluation round per year. Weights, bands and rewards are copied in from the defaults
-- when the round opens, so changing the defaults never rewrites a past round.
CREATE TABLE grading_round (
  id           bigserial PRIMARY KEY,
  year         integer NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed')),
  weights      jsonb NOT NULL,
  bands        jsonb NOT NULL,
  rewards      jsonb NOT NULL,
  created_by   text REFERENCES app_user (username) ON DELETE SET NULL,
  confirmed_by text REFERENCES app_user (username) ON DELETE SET NULL,
  confirmed_at timestamptz,
  version      integer NOT NULL DEFAULT 1,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE grading_score (
  round_id       bigint NOT NULL REFERENCES grading_round (id) ON DELETE CASCADE,
  community_code text NOT NULL REFERENCES community (code),
  source         text NOT NULL CHECK (source IN ('self', 'assessment', 'mutual', 'residents')),
  score          double precision NOT NULL CHECK (score BETWEEN 0 AND 100),
  entered_by     text REFERENCES app_user (username) ON DELETE SET NULL,
  entered_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, community_code, source)
);

-- community_grade (0001) stays the grade history: a confirmed round writes its year there.
ALTER TABLE community_grade ADD COLUMN round_id bigint REFERENCES grading_round (id) ON DELETE SET NULL;
ALTER TABLE community_grade ADD COLUMN weighted_score double precision;
