-- The on-call roster: which psychiatrist is scheduled to answer when, entered
-- as local date and wall-clock times in the program's time zone and stored
-- as the instants they name (a shift across a clock change keeps its length
-- in real hours). The roster is the program's published plan; routing still
-- offers to whoever is signed in and available (docs/program-reports.md).
CREATE TABLE on_call_shifts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  psychiatrist_id uuid NOT NULL REFERENCES users(id),
  local_date date NOT NULL,
  local_start text NOT NULL CHECK (local_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  local_end text NOT NULL CHECK (local_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX on_call_shifts_program_time ON on_call_shifts(program_id, starts_at);
CREATE INDEX on_call_shifts_psychiatrist ON on_call_shifts(psychiatrist_id, starts_at);
