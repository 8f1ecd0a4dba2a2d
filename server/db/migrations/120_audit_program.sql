-- Every audit row belongs to one program, so an admin searches and exports
-- only their own program's rows. A row with a staff actor belongs to the
-- actor's program: a refused attempt on another program's patient is shown
-- to the prober's admin, never the prober's id and address to the other
-- program. Without a staff actor (a patient at a visit, Twilio) the row
-- belongs to the patient's program. Rows naming neither (an unknown login, a
-- forged webhook) belong to none and are read at the database, not the API.
ALTER TABLE audit_log ADD COLUMN program_id uuid;

CREATE FUNCTION audit_log_program_of(patient uuid, actor uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT COALESCE(
    (SELECT u.program_id FROM users u WHERE u.id = actor),
    (SELECT pr.program_id FROM patients p
       JOIN practices pr ON pr.id = p.practice_id WHERE p.id = patient))
$$;

-- The append-only guard refuses UPDATE; it is lifted for this one backfill of
-- a derived column, inside the migration's transaction.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log SET program_id = audit_log_program_of(patient_id, user_id);
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;

CREATE FUNCTION audit_log_set_program() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.program_id := COALESCE(NEW.program_id,
    audit_log_program_of(NEW.patient_id, NEW.user_id));
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_program BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_set_program();

CREATE INDEX audit_log_program ON audit_log(program_id, id);
