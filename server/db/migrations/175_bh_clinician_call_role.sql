-- The behavioral health clinician is in a call as themselves (issue #17):
-- a warm handoff's clinician was recorded as 'psychiatrist', so the call log
-- (and anything reading it) could not tell their minutes from a psychiatric
-- consultant's. Both role checks admit 'bh_clinician' now.

ALTER TABLE call_participants DROP CONSTRAINT IF EXISTS call_participants_role_check;
ALTER TABLE call_participants ADD CONSTRAINT call_participants_role_check
  CHECK (role IN ('pcp', 'psychiatrist', 'bh_clinician', 'coordinator',
    'patient', 'guardian', 'interpreter'));

ALTER TABLE call_events DROP CONSTRAINT IF EXISTS call_events_participant_role_check;
ALTER TABLE call_events ADD CONSTRAINT call_events_participant_role_check
  CHECK (participant_role IN ('pcp', 'psychiatrist', 'bh_clinician',
    'coordinator', 'patient', 'guardian', 'interpreter', 'phone'));
