-- A warm handoff asked from an open screening alert (issue #17): the alert
-- is acknowledged as 'warm_handoff' naming the handoff's consult, and the
-- handoff row points at the alert (the assessments tables exist by now).

ALTER TABLE safety_alert_acknowledgements
  DROP CONSTRAINT safety_alert_acknowledgements_action_check;
ALTER TABLE safety_alert_acknowledgements
  ADD CONSTRAINT safety_alert_acknowledgements_action_check
  CHECK (action IN ('safety_plan', 'same_day_visit', 'ed_referral',
    'consult_requested', 'warm_handoff', 'mobile_crisis', 'already_in_care',
    'other'));

ALTER TABLE warm_handoffs
  ADD CONSTRAINT warm_handoffs_alert_fk
  FOREIGN KEY (alert_id) REFERENCES safety_alerts(id);
