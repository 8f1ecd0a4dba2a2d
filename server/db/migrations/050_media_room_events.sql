-- SFU room lifecycle in the call-event log: LiveKit reports when a call's room
-- started and finished (webhooks), which bounds every participant's media time
-- even when a participant_left was never delivered.
ALTER TABLE call_events DROP CONSTRAINT call_events_type_check;
ALTER TABLE call_events ADD CONSTRAINT call_events_type_check CHECK (type IN (
  'participant_joined', 'media_connected', 'participant_left', 'participant_dropped',
  'participant_reconnected', 'call_ended', 'phone_call_started', 'phone_call_ended',
  'media_room_started', 'media_room_finished'));
