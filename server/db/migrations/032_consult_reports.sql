-- The psychiatrist's written consult report. A draft is edited in place; signing locks it (the
-- database refuses any later change) and later changes are signed addenda. Deliveries to the
-- requesting PCP are recorded.

CREATE TABLE consult_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consult_id uuid NOT NULL UNIQUE REFERENCES consults(id),
  author_id uuid NOT NULL REFERENCES users(id),
  question text NOT NULL DEFAULT '',
  assessment text NOT NULL DEFAULT '',
  recommendations text NOT NULL DEFAULT '',
  medication_guidance text NOT NULL DEFAULT '',
  direct_evaluation_advised boolean NOT NULL DEFAULT false,
  referral_advised boolean NOT NULL DEFAULT false,
  follow_up text NOT NULL DEFAULT '',
  verbal_discussion boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
  signed_at timestamptz,
  signed_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (status = 'draft' OR (signed_at IS NOT NULL AND signed_by IS NOT NULL))
);

CREATE FUNCTION consult_reports_lock_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'a signed consult report is locked: add an addendum instead' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER consult_reports_locked BEFORE UPDATE OR DELETE ON consult_reports
  FOR EACH ROW EXECUTE FUNCTION consult_reports_lock_signed();

CREATE TABLE consult_report_addenda (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES consult_reports(id),
  author_id uuid NOT NULL REFERENCES users(id),
  body text NOT NULL CHECK (length(body) > 0),
  signed_at timestamptz NOT NULL
);
CREATE INDEX consult_report_addenda_report ON consult_report_addenda(report_id, signed_at);
CREATE TRIGGER consult_report_addenda_no_change BEFORE UPDATE OR DELETE ON consult_report_addenda
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();

CREATE TABLE consult_report_deliveries (
  id bigserial PRIMARY KEY,
  report_id uuid NOT NULL REFERENCES consult_reports(id),
  addendum_id uuid REFERENCES consult_report_addenda(id),
  recipient_id uuid NOT NULL REFERENCES users(id),
  delivered_at timestamptz NOT NULL
);
CREATE INDEX consult_report_deliveries_recipient ON consult_report_deliveries(recipient_id, delivered_at);
