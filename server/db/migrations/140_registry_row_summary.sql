-- Registry page (issue #16): what every row is flagged and sorted from is
-- kept on the episode row itself, so a page of a 10,000-patient program reads
-- one table instead of summing the ledger and the scores per request. The
-- summaries are maintained by triggers in the transaction of the write that
-- changes them (a score, a ledger row, an alert or its acknowledgement, a new
-- episode, the program's zone or thresholds), whichever module writes it.
--
-- Each summary says what it was computed for, so the read can check it and
-- compute the value itself when it does not fit (registry-page-query.ts):
-- the scores name the window's first instant (`score_from`); the minutes name
-- their month (`month_start`) and the last instant any care-manager row
-- reaches (`care_last_at`): a later month with nothing after its start is 0.

ALTER TABLE registry_enrollments
  ADD COLUMN score_from timestamptz,
  ADD COLUMN score_n integer NOT NULL DEFAULT 0,
  ADD COLUMN first_score_at timestamptz,
  ADD COLUMN first_score_total integer,
  ADD COLUMN last_score_at timestamptz,
  ADD COLUMN last_score_total integer,
  ADD COLUMN alert_open boolean NOT NULL DEFAULT false,
  ADD COLUMN care_last_at timestamptz,
  ADD COLUMN month_start timestamptz,
  ADD COLUMN month_ms float8 NOT NULL DEFAULT 0;

-- The filters a page can ask for, within the program's open episodes.
CREATE INDEX registry_enrollments_program_pcp ON registry_enrollments(program_id, pcp_id)
  WHERE ended_on IS NULL;
CREATE INDEX registry_enrollments_program_cm ON registry_enrollments(program_id, care_manager_id)
  WHERE ended_on IS NULL;
-- The refresh reads the last instant a patient's care-manager rows reach
-- (max over this index: one index probe, whatever the statistics say) and
-- looks alerts up by patient.
CREATE INDEX time_ledger_entries_care_reach
  ON time_ledger_entries(patient_id, (coalesce(ended_at, started_at)))
  WHERE activity = 'care_management' AND time_role = 'care_manager';
-- registry_care_ms reads one patient's care-manager rows.
CREATE INDEX time_ledger_entries_care_patient
  ON time_ledger_entries(patient_id, started_at)
  WHERE activity = 'care_management' AND time_role = 'care_manager';
CREATE INDEX safety_alerts_patient ON safety_alerts(patient_id);

CREATE TYPE registry_score_summary AS (
  n integer, first_at timestamptz, first_total integer,
  last_at timestamptz, last_total integer);

-- The followed instrument's scored totals no correction replaced, from
-- `from_at` to `upto`: how many, the first and the last (outcomeOf's rule).
CREATE FUNCTION registry_followed_scores(
  p uuid, inst text, from_at timestamptz, upto timestamptz
) RETURNS registry_score_summary LANGUAGE sql STABLE AS $$
  WITH s AS (
    SELECT a.answered_at, a.total FROM assessments a
     WHERE a.patient_id = p AND a.instrument = inst AND a.status = 'scored'
       AND a.answered_at >= from_at AND a.answered_at <= upto
       AND NOT EXISTS (SELECT 1 FROM assessments c WHERE c.supersedes = a.id))
  SELECT (SELECT count(*)::int FROM s), f.answered_at, f.total,
         l.answered_at, l.total
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT * FROM s ORDER BY answered_at, total LIMIT 1) f ON true
    LEFT JOIN LATERAL (
      SELECT * FROM s ORDER BY answered_at DESC, total DESC LIMIT 1) l ON true
$$;

-- Care-manager ledger time in [m_start, m_end), ms, as the billing engine
-- counts it: rows neither superseded nor voiding, clipped to the month.
CREATE FUNCTION registry_care_ms(p uuid, m_start timestamptz, m_end timestamptz)
RETURNS float8 LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(
           CASE WHEN l.ended_at IS NULL THEN l.minutes * 60000
           ELSE extract(epoch FROM (least(l.ended_at, m_end) - greatest(l.started_at, m_start))) * 1000 END
         ), 0)::float8
    -- The patient's rows first (OFFSET 0 keeps the month's range out of
    -- this scan): a generic plan of the whole statement preferred walking
    -- the program's month on time_ledger_entries_care_month, 18,000 rows
    -- for each of 6,000 patients in a bulk insert.
    FROM (SELECT * FROM time_ledger_entries
           WHERE patient_id = p AND activity = 'care_management'
             AND time_role = 'care_manager' OFFSET 0) l
   WHERE l.started_at < m_end AND l.started_at >= m_start - interval '1 day'
     AND NOT l.voids
     AND (l.ended_at IS NULL OR l.ended_at > m_start)
     AND (l.ended_at IS NOT NULL OR l.started_at >= m_start)
     AND NOT EXISTS (SELECT 1 FROM time_ledger_entries s WHERE s.supersedes = l.id)
$$;

-- The program's baseline look-back (days), when its stored value is a valid
-- one; else the AIMS default. A value the app reads differently only costs
-- speed: the read sees `score_from` differ and computes the scores itself.
CREATE FUNCTION registry_lookback_days(settings jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(v) = 'number' AND v::text ~ '^[0-9]{1,2}$'
                   AND v::text::int <= 90
              THEN v::text::int ELSE 30 END
    FROM (SELECT settings -> 'registryThresholds' -> 'baselineLookbackDays' AS v) x
$$;

-- Recomputes every summary of these patients' open episodes. The month kept
-- is the latest one any of their care-manager rows reaches, in the program's
-- zone, so "this month" never holds a past month's total as its own.
CREATE FUNCTION registry_refresh(patients uuid[]) RETURNS void
LANGUAGE sql AS $$
  WITH t AS MATERIALIZED (
    SELECT r.enrollment_id, r.patient_id, pg.timezone AS tz, w.score_from,
           registry_followed_scores(r.patient_id, r.instrument, w.score_from,
                                    'infinity') AS sc,
           EXISTS (SELECT 1 FROM safety_alerts s
                    WHERE s.patient_id = r.patient_id AND s.program_id = r.program_id
                      AND NOT EXISTS (SELECT 1 FROM safety_alert_acknowledgements k
                                       WHERE k.alert_id = s.id)) AS alert_open,
           (SELECT max(coalesce(l.ended_at, l.started_at)) FROM time_ledger_entries l
             WHERE l.patient_id = r.patient_id AND l.activity = 'care_management'
               AND l.time_role = 'care_manager') AS care_last_at
      FROM registry_enrollments r
      JOIN programs pg ON pg.id = r.program_id
     CROSS JOIN LATERAL (
       SELECT (r.started_on - registry_lookback_days(pg.settings))::timestamp
                AT TIME ZONE pg.timezone AS score_from) w
     WHERE r.patient_id = ANY(patients) AND r.ended_on IS NULL
  ), m AS (
    SELECT t.*, date_trunc('month', t.care_last_at AT TIME ZONE t.tz) AS local_month
      FROM t
  )
  UPDATE registry_enrollments r
     SET score_from = m.score_from, score_n = (m.sc).n,
         first_score_at = (m.sc).first_at, first_score_total = (m.sc).first_total,
         last_score_at = (m.sc).last_at, last_score_total = (m.sc).last_total,
         alert_open = m.alert_open, care_last_at = m.care_last_at,
         month_start = m.local_month AT TIME ZONE m.tz,
         month_ms = CASE WHEN m.care_last_at IS NULL THEN 0 ELSE registry_care_ms(
           m.patient_id, m.local_month AT TIME ZONE m.tz,
           (m.local_month + interval '1 month') AT TIME ZONE m.tz) END
    FROM m
   WHERE r.enrollment_id = m.enrollment_id
$$;

CREATE FUNCTION registry_refresh_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry_refresh(ARRAY(SELECT DISTINCT patient_id FROM new_rows));
  RETURN NULL;
END
$$;

CREATE TRIGGER registry_refresh_scores AFTER INSERT ON assessments
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_inserted();
CREATE TRIGGER registry_refresh_minutes AFTER INSERT ON time_ledger_entries
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_inserted();
CREATE TRIGGER registry_refresh_alerts AFTER INSERT ON safety_alerts
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_inserted();
CREATE TRIGGER registry_refresh_new_episodes AFTER INSERT ON registry_enrollments
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_inserted();

CREATE FUNCTION registry_refresh_acknowledged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry_refresh(ARRAY(
    SELECT DISTINCT s.patient_id FROM new_rows k JOIN safety_alerts s ON s.id = k.alert_id));
  RETURN NULL;
END
$$;
CREATE TRIGGER registry_refresh_acknowledgements AFTER INSERT ON safety_alert_acknowledgements
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_refresh_acknowledged();

CREATE FUNCTION registry_refresh_episode() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry_refresh(ARRAY[NEW.patient_id]);
  RETURN NULL;
END
$$;
CREATE TRIGGER registry_refresh_changed_episode
  AFTER UPDATE OF instrument, started_on ON registry_enrollments
  FOR EACH ROW WHEN (OLD.instrument IS DISTINCT FROM NEW.instrument
                     OR OLD.started_on IS DISTINCT FROM NEW.started_on)
  EXECUTE FUNCTION registry_refresh_episode();

CREATE FUNCTION registry_refresh_program() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry_refresh(ARRAY(
    SELECT patient_id FROM registry_enrollments
     WHERE program_id = NEW.id AND ended_on IS NULL));
  RETURN NULL;
END
$$;
CREATE TRIGGER registry_refresh_program_change AFTER UPDATE ON programs
  FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone
    OR OLD.settings -> 'registryThresholds' IS DISTINCT FROM NEW.settings -> 'registryThresholds')
  EXECUTE FUNCTION registry_refresh_program();

-- Episodes that exist already.
SELECT registry_refresh(ARRAY(
  SELECT patient_id FROM registry_enrollments WHERE ended_on IS NULL));
