-- Who asks and who answers, as a report and the ring name them: a
-- clinician's credentials, the practice's callback number and the program's
-- contact line (also the number a family's error page gives).
ALTER TABLE users ADD COLUMN IF NOT EXISTS credentials text;
ALTER TABLE practices ADD COLUMN IF NOT EXISTS phone text;
ALTER TABLE programs ADD COLUMN IF NOT EXISTS contact_line text;
ALTER TABLE programs ADD COLUMN IF NOT EXISTS contact_phone text;
