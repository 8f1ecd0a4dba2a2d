-- Work off the call (chart review, report writing, talking with the PCP, referral prep, care-manager time).
-- Call time is not copied here: it is derived from call_events. Append-only: a correction is a new row
-- that supersedes an older one, with who, when and why; a removal is a correction with voids = true.

CREATE TABLE time_ledger_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients(id),
  consult_id uuid REFERENCES consults(id),
  clinician_id uuid NOT NULL REFERENCES users(id),
  time_role text NOT NULL CHECK (time_role IN ('consultant', 'requesting', 'care_manager')),
  activity text NOT NULL CHECK (activity IN ('pcp_discussion', 'consultant_discussion', 'chart_review', 'report_writing', 'referral_prep', 'care_management')),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  minutes integer CHECK (minutes IS NULL OR (minutes > 0 AND minutes <= 1440)),
  supersedes uuid REFERENCES time_ledger_entries(id),
  voids boolean NOT NULL DEFAULT false,
  reason text,
  entered_by uuid NOT NULL REFERENCES users(id),
  entered_at timestamptz NOT NULL,
  CHECK (voids OR ((ended_at IS NULL) <> (minutes IS NULL))),
  CHECK (ended_at IS NULL OR ended_at > started_at),
  CHECK (NOT voids OR supersedes IS NOT NULL),
  CHECK (supersedes IS NULL OR (reason IS NOT NULL AND length(reason) > 0)),
  CHECK (activity = 'care_management' OR consult_id IS NOT NULL)
);
-- A row is corrected once; to change it again, correct the correction (the chain stays linear).
CREATE UNIQUE INDEX time_ledger_entries_supersedes ON time_ledger_entries(supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX time_ledger_entries_consult ON time_ledger_entries(consult_id);
CREATE INDEX time_ledger_entries_patient ON time_ledger_entries(patient_id, started_at);

CREATE TRIGGER time_ledger_entries_no_change BEFORE UPDATE OR DELETE ON time_ledger_entries
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();
