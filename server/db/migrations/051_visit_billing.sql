-- What a virtual visit's telehealth line needs beyond its call events: where the patient
-- was (asked at check-in, confirmed by the psychiatrist), which service was given, and any
-- documented interactive complexity. Read by server/billing (codeVisit).

-- The patient's own answer at check-in ("Are you at home?"); the clinician confirms below.
ALTER TABLE visit_participants
  ADD COLUMN reported_location text CHECK (reported_location IN ('home', 'elsewhere'));

-- The psychiatrist's confirmation, append-only: a correction is a newer row (newest wins).
CREATE TABLE visit_billing_attestations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id uuid NOT NULL REFERENCES visits(id),
  patient_location text CHECK (patient_location IN ('home', 'elsewhere')),
  service text CHECK (service IN ('diagnostic_evaluation', 'diagnostic_evaluation_medical', 'evaluation_management')),
  interactive_complexity text[] NOT NULL DEFAULT '{}'
    CHECK (interactive_complexity <@ ARRAY['guardian_interference', 'interpreter']::text[]),
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX visit_billing_attestations_visit ON visit_billing_attestations(visit_id, recorded_at);
CREATE TRIGGER visit_billing_attestations_no_change BEFORE UPDATE OR DELETE ON visit_billing_attestations
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();
