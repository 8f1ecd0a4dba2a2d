-- Texts reminding a visit's invitees 24 h and 1 h before it. One row per
-- reminder per scheduled time: a moved visit gets new reminders, a cancelled
-- one none; the row is written before the text goes out (at most once).
CREATE TABLE visit_reminders (
  visit_id uuid NOT NULL REFERENCES visits(id),
  participant_id uuid NOT NULL REFERENCES visit_participants(id),
  kind text NOT NULL CHECK (kind IN ('24h', '1h')),
  scheduled_for timestamptz NOT NULL,
  claimed_at timestamptz NOT NULL,
  sent_sid text,
  failed_reason text,
  PRIMARY KEY (visit_id, participant_id, kind, scheduled_for)
);
