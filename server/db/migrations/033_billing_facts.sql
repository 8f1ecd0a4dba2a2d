-- Facts the billing rules need beyond the consult itself: the patient's encounters with clinicians
-- (the 14-day face-to-face / transfer-of-care rules), collaborative-care / BHI enrollment, the
-- patient's payer, and each program's overrides of the per-payer rule table.

CREATE TABLE patient_encounters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients(id),
  clinician_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('face_to_face', 'transfer_of_care')),
  occurred_on date NOT NULL,
  consult_id uuid REFERENCES consults(id),
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX patient_encounters_patient ON patient_encounters(patient_id, occurred_on);
CREATE TRIGGER patient_encounters_no_change BEFORE UPDATE OR DELETE ON patient_encounters
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();

CREATE TABLE care_enrollments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients(id),
  kind text NOT NULL CHECK (kind IN ('cocm', 'bhi')),
  start_date date NOT NULL,
  end_date date,
  billing_clinician_id uuid NOT NULL REFERENCES users(id),
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL,
  ended_by uuid REFERENCES users(id),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX care_enrollments_patient ON care_enrollments(patient_id);

CREATE TABLE patient_coverages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients(id),
  payer text NOT NULL CHECK (payer ~ '^[a-z0-9_-]{2,40}$'),
  effective_from date NOT NULL,
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX patient_coverages_patient ON patient_coverages(patient_id, effective_from);

CREATE TABLE billing_payer_rules (
  program_id uuid NOT NULL REFERENCES programs(id),
  payer text NOT NULL CHECK (payer ~ '^[a-z0-9_-]{2,40}$'),
  rules jsonb NOT NULL,
  updated_by uuid NOT NULL REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (program_id, payer)
);
