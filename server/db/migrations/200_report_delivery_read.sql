-- The requesting PCP's read mark on a delivered report (a written eConsult's
-- reply, or an addendum to it): an unread one counts in their badge, as an
-- unread thread message does (econsult_messages.read_at).
ALTER TABLE consult_report_deliveries ADD COLUMN read_at timestamptz;
-- Deliveries made before the badge counted them were never badged: read.
UPDATE consult_report_deliveries SET read_at = delivered_at;
CREATE INDEX consult_report_deliveries_unread
  ON consult_report_deliveries(recipient_id) WHERE read_at IS NULL;
