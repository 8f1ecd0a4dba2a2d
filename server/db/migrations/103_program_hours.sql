-- A consult request made while the program is closed is never queued
-- silently: the PCP may leave it as a scheduled callback, filed into the line
-- when the program opens (a sweep on any instance; rows survive restarts).
CREATE TABLE scheduled_callbacks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  requested_by uuid NOT NULL REFERENCES users(id),
  -- The consult request as the PCP sent it (validated), filed as is at ring_at.
  request jsonb NOT NULL,
  ring_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'filed', 'cancelled', 'failed')),
  consult_id uuid REFERENCES consults(id),
  created_at timestamptz NOT NULL,
  filed_at timestamptz
);
CREATE INDEX scheduled_callbacks_due ON scheduled_callbacks(ring_at) WHERE status = 'waiting';
