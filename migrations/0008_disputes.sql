-- purpose: the register of disputes and hazards by cell (矛盾纠纷调处、隐患排查) with its status history and photos, and community office phones for public disclosure (居务公开)

-- One reported dispute or hazard. It is routed when reported: community from the building, cell
-- from the building's cell in the published plan (null when the building is in none).
CREATE TABLE dispute (
  id             bigserial PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('dispute', 'hazard')),
  category       text NOT NULL,
  building_code  text NOT NULL REFERENCES building (code) ON DELETE CASCADE,
  community_code text NOT NULL REFERENCES community (code),
  cell_code      text CHECK (cell_code ~ '^[0-9]{15}$'),
  -- names of the people involved: personal data, masked like phone numbers
  parties        text[] NOT NULL DEFAULT '{}',
  description    text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  reported_by    text NOT NULL,
  -- the reporter's phone when reported (from their person record): personal data
  reporter_phone text,
  reported_at    timestamptz NOT NULL DEFAULT now(),
  status         text NOT NULL DEFAULT 'reported'
                 CHECK (status IN ('reported', 'accepted', 'mediating', 'resolved', 'failed', 'referred')),
  deadline       date NOT NULL,
  -- set when the case first reaches 'mediating': the mediation rate counts these
  mediated_at    timestamptz,
  closed_at      timestamptz,
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'dispute' AND category IN ('neighbour', 'family', 'property_management', 'labour', 'land_housing', 'other'))
      OR (kind = 'hazard' AND category IN ('fire', 'structural', 'public_order', 'sanitation', 'other'))),
  CHECK (cell_code IS NULL OR cell_code LIKE community_code || '%')
);
CREATE INDEX dispute_community_idx ON dispute (community_code, status);
CREATE INDEX dispute_cell_idx ON dispute (cell_code, status);
CREATE INDEX dispute_reported_idx ON dispute (reported_at);

-- Every status change with its note: the case history the register shows.
CREATE TABLE dispute_event (
  id          bigserial PRIMARY KEY,
  dispute_id  bigint NOT NULL REFERENCES dispute (id) ON DELETE CASCADE,
  from_status text,
  to_status   text NOT NULL,
  note        text NOT NULL DEFAULT '',
  username    text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dispute_event_dispute_idx ON dispute_event (dispute_id, id);

-- The photo apart from the case so lists never read it; JPEG or PNG of at most 2 MB.
CREATE TABLE dispute_photo (
  dispute_id   bigint PRIMARY KEY REFERENCES dispute (id) ON DELETE CASCADE,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  bytes        bytea NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 2097152),
  uploaded_by  text,
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);

-- The community office's public phone (居务公开 shows it, never a personal phone).
CREATE TABLE community_office (
  community_code text PRIMARY KEY REFERENCES community (code) ON DELETE CASCADE,
  phone          text NOT NULL CHECK (phone ~ '^[0-9+\- ]{5,20}$'),
  address        text NOT NULL DEFAULT '',
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
