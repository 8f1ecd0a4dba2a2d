-- The safety loop: a positive safety item (PHQ-9/PHQ-A item 9, PHQ-A serious
-- thoughts or attempt, EPDS item 10) opens an alert in the same statement
-- that stores the assessment, so it can never be stored silently. Every
-- table is append-only by trigger: an alert's state is which of its
-- escalation and acknowledgement rows exist, and neither can be removed.

CREATE TABLE screening_settings (
  program_id uuid PRIMARY KEY REFERENCES programs(id),
  -- Unacknowledged this long, an alert escalates (once). Seconds, so a
  -- test can shorten it; the admin screen speaks minutes.
  escalation_seconds integer NOT NULL DEFAULT 900
    CHECK (escalation_seconds BETWEEN 5 AND 86400),
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE safety_alerts (
  id uuid PRIMARY KEY,
  program_id uuid NOT NULL REFERENCES programs(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  assessment_id uuid NOT NULL UNIQUE REFERENCES assessments(id),
  ordered_by uuid NOT NULL REFERENCES users(id),
  flags jsonb NOT NULL,
  opened_at timestamptz NOT NULL,
  escalate_at timestamptz NOT NULL
);
CREATE INDEX safety_alerts_due ON safety_alerts(escalate_at);
CREATE INDEX safety_alerts_program ON safety_alerts(program_id, opened_at DESC);

CREATE TABLE safety_alert_escalations (
  alert_id uuid PRIMARY KEY REFERENCES safety_alerts(id),
  escalated_at timestamptz NOT NULL
);

CREATE TABLE safety_alert_acknowledgements (
  alert_id uuid PRIMARY KEY REFERENCES safety_alerts(id),
  acknowledged_by uuid NOT NULL REFERENCES users(id),
  acknowledged_at timestamptz NOT NULL,
  action text NOT NULL CHECK (action IN ('safety_plan', 'same_day_visit',
    'ed_referral', 'consult_requested', 'mobile_crisis', 'already_in_care',
    'other')),
  note text,
  consult_id uuid REFERENCES consults(id),
  CHECK (action <> 'other' OR length(note) > 0)
);

CREATE TRIGGER safety_alerts_no_change BEFORE UPDATE OR DELETE ON safety_alerts
  FOR EACH ROW EXECUTE FUNCTION screening_append_only();
CREATE TRIGGER safety_alert_escalations_no_change BEFORE UPDATE OR DELETE ON safety_alert_escalations
  FOR EACH ROW EXECUTE FUNCTION screening_append_only();
CREATE TRIGGER safety_alert_acknowledgements_no_change BEFORE UPDATE OR DELETE ON safety_alert_acknowledgements
  FOR EACH ROW EXECUTE FUNCTION screening_append_only();
