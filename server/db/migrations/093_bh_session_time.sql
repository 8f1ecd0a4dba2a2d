-- A session's minutes are a care-management row of the time ledger (as a
-- care manager's time); the session points at the row it wrote.
ALTER TABLE bh_sessions ADD COLUMN ledger_entry_id uuid REFERENCES time_ledger_entries(id);
