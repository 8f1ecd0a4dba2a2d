-- Consult requests and the offers (reservations) made to psychiatrists.
-- Owned by the consult queue module; it may extend this file until first release.

CREATE TABLE consults (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  practice_id uuid NOT NULL REFERENCES practices(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  requested_by uuid NOT NULL REFERENCES users(id),
  assigned_psychiatrist_id uuid REFERENCES users(id),
  status text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consults_patient ON consults(patient_id);
CREATE INDEX consults_practice ON consults(practice_id, created_at);

CREATE TABLE consult_offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consult_id uuid NOT NULL REFERENCES consults(id),
  psychiatrist_id uuid NOT NULL REFERENCES users(id),
  offered_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  outcome text,
  decided_at timestamptz
);
CREATE INDEX consult_offers_consult ON consult_offers(consult_id);
CREATE INDEX consult_offers_psychiatrist ON consult_offers(psychiatrist_id);
