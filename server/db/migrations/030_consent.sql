-- Documented patient (or guardian) consent: interprofessional consultation, collaborative care, telehealth.
-- Append-only: a withdrawal is its own row; nothing updates or deletes a consent.

CREATE TABLE patient_consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients(id),
  -- Null: a patient-level consent (collaborative care, or a standing interprofessional consent).
  consult_id uuid REFERENCES consults(id),
  kind text NOT NULL CHECK (kind IN ('interprofessional', 'collaborative_care', 'telehealth')),
  given_by text NOT NULL CHECK (given_by IN ('patient', 'guardian')),
  -- The guardian's name and relationship (patient data: never logged).
  given_by_name text,
  guardian_relationship text,
  method text NOT NULL DEFAULT 'verbal' CHECK (method IN ('verbal', 'written')),
  cost_sharing_notice_given boolean NOT NULL,
  obtained_by uuid NOT NULL REFERENCES users(id),
  obtained_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  CHECK (given_by = 'patient' OR given_by_name IS NOT NULL)
);
CREATE INDEX patient_consents_patient ON patient_consents(patient_id, kind);

CREATE TABLE patient_consent_withdrawals (
  consent_id uuid PRIMARY KEY REFERENCES patient_consents(id),
  withdrawn_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL,
  reason text
);

CREATE FUNCTION billing_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER patient_consents_no_change BEFORE UPDATE OR DELETE ON patient_consents
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();
CREATE TRIGGER patient_consent_withdrawals_no_change BEFORE UPDATE OR DELETE ON patient_consent_withdrawals
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();
