-- purpose: production safety: failed sign-ins shared by every server process, sliding session expiry, who submitted a grid plan, and what a publish answered (so a retried publish gets the same answer)

-- One row per failed (or still running) sign-in; the login throttle counts them per username and per address.
CREATE TABLE login_failure (
  id                  bigserial PRIMARY KEY,
  username            text NOT NULL,
  address             text,
  at                  timestamptz NOT NULL DEFAULT now(),
  -- a successful sign-in clears the username's count but not the address's
  counts_for_username boolean NOT NULL DEFAULT true
);
CREATE INDEX login_failure_username_idx ON login_failure (username, at);
CREATE INDEX login_failure_address_idx ON login_failure (address, at);

-- expires_at becomes the absolute end; last_seen_at drives the idle end.
ALTER TABLE session ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE grid_plan
  ADD COLUMN submitted_by text REFERENCES app_user (username),
  ADD COLUMN published_from_version integer,
  ADD COLUMN publish_report jsonb;

UPDATE grid_plan p
   SET submitted_by = (SELECT a.username FROM audit_log a JOIN app_user u ON u.username = a.username
                        WHERE a.entity = 'grid_plan' AND a.entity_id = p.id::text AND a.action = 'grid_plan.submit'
                        ORDER BY a.id DESC LIMIT 1)
 WHERE p.status IN ('submitted', 'approved');

-- Separation of duties: whoever solved a facility scenario approves it only where this is on.
INSERT INTO setting (key, value, description)
VALUES ('approval.allowSelfApproval', 'false', 'Let whoever solved a facility scenario also approve it (for one-person offices); audited as self-approval')
ON CONFLICT (key) DO NOTHING;
