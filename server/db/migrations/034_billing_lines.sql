-- Billing lines, versioned: a recomputation that changes a line writes a new version of the same
-- line_key (never an update); billing_line_current points at the newest. Exports record exactly
-- which line versions they held, so any export can be rebuilt byte for byte.

CREATE TABLE billing_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  line_key text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  program_id uuid NOT NULL REFERENCES programs(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  consult_id uuid REFERENCES consults(id),
  code text NOT NULL,
  units integer NOT NULL CHECK (units > 0),
  billing_clinician_id uuid NOT NULL REFERENCES users(id),
  billing_clinician_npi text,
  date_of_service date NOT NULL,
  place_of_service text NOT NULL,
  modifiers text[] NOT NULL DEFAULT '{}',
  minutes integer NOT NULL,
  status text NOT NULL CHECK (status IN ('ready', 'held', 'blocked', 'void')),
  reasons jsonb NOT NULL,
  consent_id uuid REFERENCES patient_consents(id),
  payer text NOT NULL,
  fee_cents integer,
  content_hash text NOT NULL,
  computed_at timestamptz NOT NULL,
  UNIQUE (line_key, version)
);
CREATE TRIGGER billing_lines_no_change BEFORE UPDATE OR DELETE ON billing_lines
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();

CREATE TABLE billing_line_current (
  line_key text PRIMARY KEY,
  line_id uuid NOT NULL REFERENCES billing_lines(id),
  program_id uuid NOT NULL REFERENCES programs(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  consult_id uuid REFERENCES consults(id),
  date_of_service date NOT NULL,
  status text NOT NULL
);
CREATE INDEX billing_line_current_period ON billing_line_current(program_id, date_of_service);
CREATE INDEX billing_line_current_patient ON billing_line_current(patient_id, date_of_service);
CREATE INDEX billing_line_current_consult ON billing_line_current(consult_id);

CREATE TABLE billing_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  format text NOT NULL CHECK (format IN ('csv', 'fhir')),
  sha256 text NOT NULL,
  line_count integer NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX billing_exports_period ON billing_exports(program_id, period, format, created_at);
CREATE TRIGGER billing_exports_no_change BEFORE UPDATE OR DELETE ON billing_exports
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();

CREATE TABLE billing_export_lines (
  export_id uuid NOT NULL REFERENCES billing_exports(id),
  line_id uuid NOT NULL REFERENCES billing_lines(id),
  -- original / replacement / cancel, fixed when the export was made.
  action text NOT NULL CHECK (action IN ('original', 'replacement', 'cancel')),
  -- The row as exported (names included), so a later rename cannot change an old export's bytes.
  row jsonb NOT NULL,
  PRIMARY KEY (export_id, line_id)
);
CREATE INDEX billing_export_lines_line ON billing_export_lines(line_id);
CREATE TRIGGER billing_export_lines_no_change BEFORE UPDATE OR DELETE ON billing_export_lines
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();
