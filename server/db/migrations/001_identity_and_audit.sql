-- Organizations, users, patients, sessions and the append-only audit log.

CREATE TABLE programs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  timezone text NOT NULL DEFAULT 'America/New_York',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE practices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  name text NOT NULL,
  state char(2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX practices_program ON practices(program_id);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  practice_id uuid REFERENCES practices(id),
  email text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('pcp', 'psychiatrist', 'coordinator', 'admin', 'biller')),
  display_name text NOT NULL,
  npi text CHECK (npi IS NULL OR npi ~ '^[0-9]{10}$'),
  specialties text[] NOT NULL DEFAULT '{}',
  licensed_states text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{en}',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'pcp' OR practice_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_program_role ON users(program_id, role);

CREATE TABLE patients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  practice_id uuid NOT NULL REFERENCES practices(id),
  given_name text NOT NULL,
  family_name text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  state char(2) NOT NULL,
  preferred_language text NOT NULL DEFAULT 'en',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patients_practice ON patients(practice_id);

-- A session is one login; its refresh tokens form a rotation family.
CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_reason text,
  client_ip text
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions(id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);

CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  email_key text NOT NULL,
  client_ip text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures(email_key, at);
CREATE INDEX login_failures_ip ON login_failures(client_ip, at);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid,
  role text,
  actor_label text,
  action text NOT NULL,
  patient_id uuid,
  resource_type text,
  resource_id text,
  outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
  request_id text,
  client_ip text,
  details jsonb
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_patient ON audit_log(patient_id, at);
CREATE INDEX audit_log_user ON audit_log(user_id, at);

-- Append-only tables (audit_log here, call and ledger events later) share one guard:
-- the database itself refuses UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
