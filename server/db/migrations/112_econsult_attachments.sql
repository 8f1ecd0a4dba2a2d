-- Files a PCP attaches to a written eConsult (PDF, PNG, JPEG; 10 MB each, 5
-- per consult). Stored in the database with the consult, not the data
-- directory: one transaction writes the file, its checksum and its audit row
-- (nothing half-stored), PGlite and PostgreSQL behave alike, and backups of
-- the database carry them. The checksum is checked on every download.
CREATE TABLE econsult_attachments (
  id uuid PRIMARY KEY,
  consult_id uuid NOT NULL REFERENCES consults(id),
  uploaded_by uuid NOT NULL REFERENCES users(id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX econsult_attachments_consult ON econsult_attachments(consult_id, created_at);
