-- A care manager's video contact (issue #16) runs on the call engine: it is a
-- consult on its own line, 'care_management', born accepted, requested by
-- the care manager, with a visit the patient joins by link. Nobody is its
-- psychiatrist: assigned_psychiatrist_id stays NULL, because billing reads
-- that column as the consultant (interprofessional codes, freeing a
-- psychiatrist's seat in the line). The care manager is the consult's
-- requester, the one column the visit and call rules already scope by.

ALTER TABLE consults DROP CONSTRAINT consults_line_check;
ALTER TABLE consults ADD CONSTRAINT consults_line_check
  CHECK (line IN ('psychiatry', 'behavioral_health', 'care_management'));

-- "A consult past acceptance names its psychiatrist" (migration 002, the
-- unnamed check PostgreSQL called consults_check1), except a care contact,
-- which never names one.
ALTER TABLE consults DROP CONSTRAINT consults_check1;
ALTER TABLE consults ADD CONSTRAINT consults_accepted_names_psychiatrist
  CHECK (line = 'care_management'
    OR status NOT IN ('accepted', 'in_call', 'wrap_up')
    OR assigned_psychiatrist_id IS NOT NULL);
ALTER TABLE consults ADD CONSTRAINT consults_care_contact_no_psychiatrist
  CHECK (line <> 'care_management' OR assigned_psychiatrist_id IS NULL);

-- The care manager is in the call as themselves, so no billing rule reads
-- their minutes as a psychiatrist's or a BH clinician's.
ALTER TABLE call_participants DROP CONSTRAINT IF EXISTS call_participants_role_check;
ALTER TABLE call_participants ADD CONSTRAINT call_participants_role_check
  CHECK (role IN ('pcp', 'psychiatrist', 'bh_clinician', 'care_manager',
    'coordinator', 'patient', 'guardian', 'interpreter'));

ALTER TABLE call_events DROP CONSTRAINT IF EXISTS call_events_participant_role_check;
ALTER TABLE call_events ADD CONSTRAINT call_events_participant_role_check
  CHECK (participant_role IN ('pcp', 'psychiatrist', 'bh_clinician',
    'care_manager', 'coordinator', 'patient', 'guardian', 'interpreter',
    'phone'));

-- The contact a video call wrote: one per consult, so ending the call twice
-- (or the call's end and the consult's wrap-up both arriving) writes one.
ALTER TABLE registry_contacts ADD COLUMN consult_id uuid REFERENCES consults(id);
CREATE UNIQUE INDEX registry_contacts_one_per_consult
  ON registry_contacts(consult_id) WHERE consult_id IS NOT NULL;
