-- Warm handoffs (issue #17). A handoff rides on a consult on the
-- 'behavioral_health' line, so the queue offers it to BH clinicians, the call
-- engine runs its call and visits invite a patient at home; the consult's
-- type column stays within its own check (other migrations redefine it), and
-- the consult repository reads a BH-line consult as type 'warm_handoff'.
-- This table keeps what the program measures: requested, answered, joined,
-- ended, and the fallback to a scheduled referral when nobody answered in time.

ALTER TABLE consults ADD COLUMN line text NOT NULL DEFAULT 'psychiatry'
  CHECK (line IN ('psychiatry', 'behavioral_health'));

CREATE TABLE warm_handoffs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consult_id uuid NOT NULL UNIQUE REFERENCES consults(id),
  program_id uuid NOT NULL REFERENCES programs(id),
  practice_id uuid NOT NULL REFERENCES practices(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  requested_by uuid NOT NULL REFERENCES users(id),
  requested_at timestamptz NOT NULL,
  -- Requested at + the program's target: past it, unanswered, it falls back.
  due_at timestamptz NOT NULL,
  answered_at timestamptz,
  answered_by uuid REFERENCES users(id),
  joined_at timestamptz,
  ended_at timestamptz,
  fell_back_at timestamptz,
  -- The screening alert the PCP had open, if any (no foreign key: the
  -- assessments table lands on another branch).
  alert_id uuid,
  CHECK (answered_at IS NULL OR fell_back_at IS NULL)
);
CREATE INDEX warm_handoffs_due ON warm_handoffs(due_at)
  WHERE answered_at IS NULL AND fell_back_at IS NULL;
CREATE INDEX warm_handoffs_practice ON warm_handoffs(practice_id, requested_at);
