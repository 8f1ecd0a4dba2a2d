-- Warm handoffs (issue #17). A handoff rides on a consult of type
-- 'warm_handoff', so the queue offers it (on the behavioral health line), the
-- call engine runs its call and visits invite a patient at home; this table
-- keeps what the program measures: requested, answered, joined, ended, and
-- the fallback to a scheduled referral when nobody answered in time.

ALTER TABLE consults DROP CONSTRAINT IF EXISTS consults_consult_type_check;
ALTER TABLE consults ADD CONSTRAINT consults_consult_type_check CHECK (consult_type IN (
  'clinician_consult', 'direct_evaluation', 'resource_referral', 'warm_handoff'));

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
