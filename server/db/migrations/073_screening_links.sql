-- Self-report links: a clinician sends a screening to a patient or guardian.
-- Like visit invites, only the SHA-256 of the bearer token is stored; the
-- link is spent by the POST that submits the answers (a link scanner's GET
-- spends nothing), once, before it expires.
CREATE TABLE screening_links (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  patient_id uuid NOT NULL REFERENCES patients(id),
  instrument text NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'es')),
  respondent text NOT NULL CHECK (respondent IN ('patient', 'guardian')),
  ordered_by uuid NOT NULL REFERENCES users(id),
  delivery text NOT NULL CHECK (delivery IN ('qr', 'sms')),
  -- The sender's attestation that the person agreed to texts, and when.
  sms_consent_at timestamptz,
  message_sid text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  spent_at timestamptz,
  assessment_id uuid REFERENCES assessments(id),
  CHECK (delivery <> 'sms' OR sms_consent_at IS NOT NULL)
);
CREATE INDEX screening_links_patient ON screening_links(patient_id, created_at DESC);
