-- A session's screening is a real assessment now (issue #17): the session
-- points at the append-only row the server scored, written in the same
-- transaction. NOT VALID: rows from before this named ids that were never
-- checked; every new row is.
ALTER TABLE bh_sessions
  ADD CONSTRAINT bh_sessions_assessment_fk
  FOREIGN KEY (assessment_id) REFERENCES assessments(id) NOT VALID;
