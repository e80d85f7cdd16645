-- purpose: imports run in the background with their progress in a table, so any API server behind a load balancer answers a poll
CREATE TABLE import_job (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  layer text NOT NULL,
  file_name text,
  dry_run boolean NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  stage text CHECK (stage IN ('read', 'validate', 'place', 'write', 'atoms')),
  done integer NOT NULL DEFAULT 0,
  total integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- raised with every progress write and by a heartbeat while the job runs: a job whose server
  -- died stops raising it and is marked failed
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  report jsonb,
  error jsonb
);
CREATE INDEX import_job_user ON import_job (username, id DESC);
CREATE INDEX import_job_unfinished ON import_job (updated_at) WHERE state IN ('queued', 'running');
