-- The behavioral health clinician role (issue #17). Other branches widen the
-- same check (e.g. care_manager), so this drops whatever role check users has
-- and puts back one that admits every role the code knows, rather than
-- naming the original constraint.
DO $$
DECLARE c record;
BEGIN
  FOR c IN
    SELECT conname FROM pg_constraint
     WHERE conrelid = 'users'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) LIKE '%psychiatrist%'
  LOOP
    EXECUTE format('ALTER TABLE users DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;

ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (
  'pcp', 'psychiatrist', 'coordinator', 'admin', 'biller', 'care_manager',
  'bh_clinician'));
