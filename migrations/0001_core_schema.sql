-- purpose: the whole domain model: places, buildings, grid plans, people, party, volunteers, facilities, accounts, audit
CREATE EXTENSION IF NOT EXISTS postgis;

-- Settings are rows, not constants: standards, grid size and staffing ratio are editable.
CREATE TABLE setting (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  description text NOT NULL DEFAULT '',
  version     integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE town (
  code       text PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
  name       text NOT NULL,
  geom       geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  version    integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX town_geom_idx ON town USING gist (geom);

CREATE TABLE community (
  code                    text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
  town_code               text NOT NULL REFERENCES town (code),
  name                    text NOT NULL,
  geom                    geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  -- per-community grid size (PRODUCT §4); null = the town setting
  min_households_per_cell integer CHECK (min_households_per_cell > 0),
  max_households_per_cell integer CHECK (max_households_per_cell > 0),
  version                 integer NOT NULL DEFAULT 1,
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CHECK (min_households_per_cell IS NULL OR max_households_per_cell IS NULL
         OR min_households_per_cell <= max_households_per_cell)
);
CREATE INDEX community_geom_idx ON community USING gist (geom);
CREATE INDEX community_town_idx ON community (town_code);

CREATE TABLE road (
  id         bigserial PRIMARY KEY,
  town_code  text NOT NULL REFERENCES town (code),
  name       text NOT NULL DEFAULT '',
  kind       text NOT NULL CHECK (kind IN ('arterial', 'secondary', 'local')),
  geom       geometry(LineString, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX road_geom_idx ON road USING gist (geom);

CREATE TABLE compound (
  code           text PRIMARY KEY CHECK (code ~ '^[0-9]{12}-[0-9]{3}$'),
  community_code text NOT NULL REFERENCES community (code),
  name           text NOT NULL,
  property_company text,
  built_year     integer,
  geom           geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX compound_geom_idx ON compound USING gist (geom);
CREATE INDEX compound_community_idx ON compound (community_code);

CREATE TABLE building (
  code           text PRIMARY KEY CHECK (code ~ '^[0-9]{17}$'),
  community_code text NOT NULL REFERENCES community (code),
  compound_code  text REFERENCES compound (code),
  name           text NOT NULL DEFAULT '',
  address        text NOT NULL DEFAULT '',
  kind           text NOT NULL DEFAULT 'slab' CHECK (kind IN ('slab', 'tower', 'lowrise', 'public')),
  floors         integer NOT NULL DEFAULT 1 CHECK (floors BETWEEN 1 and 200),
  entrances      integer NOT NULL DEFAULT 1 CHECK (entrances BETWEEN 1 AND 100),
  households     integer NOT NULL DEFAULT 0 CHECK (households >= 0),
  residents      integer NOT NULL DEFAULT 0 CHECK (residents >= 0),
  geom           geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (code LIKE community_code || '%')
);
CREATE INDEX building_geom_idx ON building USING gist (geom);
CREATE INDEX building_community_idx ON building (community_code);
CREATE INDEX building_compound_idx ON building (compound_code);

-- Every building owns one atom: its Voronoi region clipped to the community. A cell is the
-- union of its buildings' atoms, so the cells of a plan tile the community by construction.
CREATE TABLE building_atom (
  building_code  text PRIMARY KEY REFERENCES building (code) ON DELETE CASCADE,
  community_code text NOT NULL REFERENCES community (code),
  geom           geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX building_atom_geom_idx ON building_atom USING gist (geom);
CREATE INDEX building_atom_community_idx ON building_atom (community_code);

CREATE TABLE atom_adjacency (
  community_code text NOT NULL REFERENCES community (code),
  a              text NOT NULL REFERENCES building (code) ON DELETE CASCADE,
  b              text NOT NULL REFERENCES building (code) ON DELETE CASCADE,
  shared_metres  double precision NOT NULL,
  crosses_road   boolean NOT NULL DEFAULT false,
  PRIMARY KEY (a, b),
  CHECK (a < b)
);
CREATE INDEX atom_adjacency_community_idx ON atom_adjacency (community_code);

CREATE TABLE app_user (
  username      text PRIMARY KEY CHECK (username ~ '^[a-z0-9_.-]{2,40}$'),
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'planner', 'official', 'worker', 'viewer')),
  display_name  text NOT NULL DEFAULT '',
  person_id     bigint,
  active        boolean NOT NULL DEFAULT true,
  version       integer NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE session (
  token_hash text PRIMARY KEY,
  username   text NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE TABLE grid_plan (
  id              bigserial PRIMARY KEY,
  community_code  text NOT NULL REFERENCES community (code),
  name            text NOT NULL DEFAULT '',
  status          text NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'submitted', 'approved', 'published', 'archived', 'rejected')),
  min_households  integer NOT NULL DEFAULT 300 CHECK (min_households > 0),
  max_households  integer NOT NULL DEFAULT 500 CHECK (max_households >= min_households),
  based_on_plan_id bigint REFERENCES grid_plan (id),
  created_by      text REFERENCES app_user (username),
  created_at      timestamptz NOT NULL DEFAULT now(),
  submitted_at    timestamptz,
  approved_by     text REFERENCES app_user (username),
  approved_at     timestamptz,
  published_at    timestamptz,
  archived_at     timestamptz,
  notes           text NOT NULL DEFAULT '',
  version         integer NOT NULL DEFAULT 1,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_plan_community_idx ON grid_plan (community_code, status);
-- at most one published plan per community
CREATE UNIQUE INDEX grid_plan_one_published ON grid_plan (community_code) WHERE status = 'published';

CREATE TABLE grid_cell (
  id         bigserial PRIMARY KEY,
  plan_id    bigint NOT NULL REFERENCES grid_plan (id) ON DELETE CASCADE,
  -- the official code is assigned on publish; drafts use a label
  code       text CHECK (code ~ '^[0-9]{15}$'),
  label      text NOT NULL DEFAULT '',
  locked     boolean NOT NULL DEFAULT false,
  geom       geometry(MultiPolygon, 4326),
  valid_from date,
  valid_to   date,
  version    integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_cell_plan_idx ON grid_cell (plan_id);
CREATE INDEX grid_cell_code_idx ON grid_cell (code);
CREATE INDEX grid_cell_geom_idx ON grid_cell USING gist (geom);

-- The primary key makes "every building in at most one cell of a plan" a database fact.
CREATE TABLE cell_building (
  plan_id       bigint NOT NULL REFERENCES grid_plan (id) ON DELETE CASCADE,
  building_code text NOT NULL REFERENCES building (code) ON DELETE CASCADE,
  cell_id       bigint NOT NULL REFERENCES grid_cell (id) ON DELETE CASCADE,
  PRIMARY KEY (plan_id, building_code)
);
CREATE INDEX cell_building_cell_idx ON cell_building (cell_id);
CREATE INDEX cell_building_building_idx ON cell_building (building_code);

CREATE TABLE cell_lineage (
  parent_cell_id bigint NOT NULL REFERENCES grid_cell (id),
  child_cell_id  bigint NOT NULL REFERENCES grid_cell (id),
  building_count integer NOT NULL,
  households     integer NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (parent_cell_id, child_cell_id)
);

CREATE TABLE person (
  id             bigserial PRIMARY KEY,
  community_code text NOT NULL REFERENCES community (code),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  type           text NOT NULL CHECK (type IN ('community_cadre', 'party_group_leader', 'in_service_cadre',
                   'retiree', 'resident_representative', 'volunteer', 'property_staff')),
  party_member   boolean NOT NULL DEFAULT false,
  phone          text CHECK (phone ~ '^[0-9+\- ]{5,20}$'),
  gender         text CHECK (gender IN ('F', 'M')),
  birth_year     integer CHECK (birth_year BETWEEN 1900 AND 2100),
  home_building_code text REFERENCES building (code),
  notes          text NOT NULL DEFAULT '',
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_community_idx ON person (community_code);
CREATE INDEX person_home_idx ON person (home_building_code);
ALTER TABLE app_user ADD CONSTRAINT app_user_person_fk FOREIGN KEY (person_id) REFERENCES person (id);

CREATE TABLE cell_assignment (
  id         bigserial PRIMARY KEY,
  cell_id    bigint NOT NULL REFERENCES grid_cell (id),
  person_id  bigint NOT NULL REFERENCES person (id),
  role       text NOT NULL CHECK (role IN ('grid_leader', 'grid_worker', 'liaison', 'party_member', 'volunteer')),
  valid_from date NOT NULL DEFAULT current_date,
  valid_to   date,
  version    integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cell_assignment_cell_idx ON cell_assignment (cell_id);
CREATE INDEX cell_assignment_person_idx ON cell_assignment (person_id);
CREATE UNIQUE INDEX cell_assignment_unique_open ON cell_assignment (cell_id, person_id, role) WHERE valid_to IS NULL;

CREATE TABLE party_org (
  id             bigserial PRIMARY KEY,
  parent_id      bigint REFERENCES party_org (id),
  community_code text NOT NULL REFERENCES community (code),
  level          text NOT NULL CHECK (level IN ('committee', 'general_branch', 'branch', 'group')),
  scope          text NOT NULL CHECK (scope IN ('town', 'community', 'compound', 'building')),
  name           text NOT NULL,
  compound_code  text REFERENCES compound (code),
  secretary_person_id bigint REFERENCES person (id),
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX party_org_community_idx ON party_org (community_code);
CREATE INDEX party_org_parent_idx ON party_org (parent_id);

CREATE TABLE party_org_building (
  party_org_id  bigint NOT NULL REFERENCES party_org (id) ON DELETE CASCADE,
  building_code text NOT NULL REFERENCES building (code) ON DELETE CASCADE,
  PRIMARY KEY (party_org_id, building_code)
);
CREATE INDEX party_org_building_building_idx ON party_org_building (building_code);

CREATE TABLE party_area (
  id         bigserial PRIMARY KEY,
  person_id  bigint NOT NULL REFERENCES person (id),
  name       text NOT NULL DEFAULT '',
  version    integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE party_area_building (
  area_id       bigint NOT NULL REFERENCES party_area (id) ON DELETE CASCADE,
  building_code text NOT NULL REFERENCES building (code) ON DELETE CASCADE,
  PRIMARY KEY (area_id, building_code)
);
CREATE INDEX party_area_building_building_idx ON party_area_building (building_code);

CREATE TABLE volunteer_team (
  id             bigserial PRIMARY KEY,
  community_code text NOT NULL REFERENCES community (code),
  name           text NOT NULL,
  category       text NOT NULL CHECK (category IN ('convenience', 'poverty_relief', 'employment_guidance',
                   'public_order', 'health', 'environment', 'publicity_education', 'culture_sports')),
  leader_person_id bigint REFERENCES person (id),
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX volunteer_team_community_idx ON volunteer_team (community_code);
CREATE TABLE volunteer_member (
  team_id   bigint NOT NULL REFERENCES volunteer_team (id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES person (id),
  PRIMARY KEY (team_id, person_id)
);
-- served area: whole community when the team has no rows here, else these compounds / cells
CREATE TABLE volunteer_team_area (
  team_id       bigint NOT NULL REFERENCES volunteer_team (id) ON DELETE CASCADE,
  compound_code text REFERENCES compound (code),
  cell_code     text CHECK (cell_code ~ '^[0-9]{15}$'),
  CHECK ((compound_code IS NULL) <> (cell_code IS NULL))
);
CREATE INDEX volunteer_team_area_team_idx ON volunteer_team_area (team_id);

CREATE TABLE facility (
  id             bigserial PRIMARY KEY,
  community_code text NOT NULL REFERENCES community (code),
  name           text NOT NULL,
  address        text NOT NULL DEFAULT '',
  area_m2        double precision NOT NULL CHECK (area_m2 > 0),
  rooms          jsonb NOT NULL DEFAULT '[]',
  geom           geometry(Point, 4326) NOT NULL,
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX facility_community_idx ON facility (community_code);
CREATE INDEX facility_geom_idx ON facility USING gist (geom);

CREATE TABLE facility_option (
  id                  bigserial PRIMARY KEY,
  code                text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,40}$'),
  community_code      text NOT NULL REFERENCES community (code),
  method              text NOT NULL CHECK (method IN ('reserve_in_new_development', 'expand_renovate',
                        'reallocate_idle_public', 'swap', 'lease')),
  name                text NOT NULL,
  address             text NOT NULL DEFAULT '',
  geom                geometry(Point, 4326) NOT NULL,
  area_m2             double precision NOT NULL CHECK (area_m2 > 0),
  released_area_m2    double precision NOT NULL DEFAULT 0 CHECK (released_area_m2 >= 0),
  one_off_cost        double precision NOT NULL DEFAULT 0 CHECK (one_off_cost >= 0),
  yearly_cost         double precision NOT NULL DEFAULT 0 CHECK (yearly_cost >= 0),
  available_after_months integer NOT NULL DEFAULT 0 CHECK (available_after_months >= 0),
  share_radius_m      double precision CHECK (share_radius_m >= 0),
  needs_approval      boolean NOT NULL DEFAULT false,
  uncertain           boolean NOT NULL DEFAULT false,
  status              text NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'approved', 'withdrawn')),
  notes               text NOT NULL DEFAULT '',
  version             integer NOT NULL DEFAULT 1,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (released_area_m2 < area_m2)
);
CREATE INDEX facility_option_community_idx ON facility_option (community_code);
CREATE INDEX facility_option_geom_idx ON facility_option USING gist (geom);

CREATE TABLE facility_scenario (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL DEFAULT '',
  params      jsonb NOT NULL,
  result      jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'solved' CHECK (status IN ('solved', 'approved', 'superseded')),
  created_by  text REFERENCES app_user (username),
  created_at  timestamptz NOT NULL DEFAULT now(),
  approved_by text REFERENCES app_user (username),
  approved_at timestamptz,
  version     integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE facility_project (
  id             bigserial PRIMARY KEY,
  scenario_id    bigint NOT NULL REFERENCES facility_scenario (id),
  option_id      bigint NOT NULL REFERENCES facility_option (id),
  community_code text NOT NULL REFERENCES community (code),
  planned_year   integer NOT NULL,
  status         text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'delivered', 'cancelled')),
  delivered_at   date,
  facility_id    bigint REFERENCES facility (id),
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX facility_project_option_open ON facility_project (option_id) WHERE status <> 'cancelled';

-- Scorecard (PRODUCT §5.6): indicator values per community per year, and ABC x 3 grading.
CREATE TABLE community_indicator (
  community_code text NOT NULL REFERENCES community (code),
  year           integer NOT NULL,
  indicator      text NOT NULL,
  value          double precision NOT NULL,
  version        integer NOT NULL DEFAULT 1,
  PRIMARY KEY (community_code, year, indicator)
);
CREATE TABLE community_grade (
  community_code   text NOT NULL REFERENCES community (code),
  year             integer NOT NULL,
  grade_class      text NOT NULL CHECK (grade_class IN ('A', 'B', 'C')),
  grade_level      integer NOT NULL CHECK (grade_level BETWEEN 1 AND 3),
  self_score       double precision,
  assessment_score double precision,
  mutual_score     double precision,
  resident_score   double precision,
  version          integer NOT NULL DEFAULT 1,
  PRIMARY KEY (community_code, year)
);

CREATE TABLE audit_log (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  username  text,
  action    text NOT NULL,
  entity    text NOT NULL,
  entity_id text NOT NULL,
  before    jsonb,
  after     jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
