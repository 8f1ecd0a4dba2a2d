import { registryApi } from '../api/registry-api';
import { useUser } from '../shell/session-context';
import { Link } from '../shell/router';
import { ErrorNotice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { TableFrame } from '../ui/TableFrame';
import { dateOnly, dateTime, humanize } from '../ui/format';
import { useAsync } from '../ui/use-async';
import { ContactForm } from './ContactForm';
import { NextContactField } from './NextContactField';
import { FlagBadges } from './RegistryPage';
import { ReviewForm } from './ReviewForm';
import { ScoreTrend } from './ScoreTrend';
import { VideoContactStart } from './VideoContactStart';
import { ScreeningHistory } from '../screening/ScreeningHistory';

/** One enrolled patient: trend, minutes against the threshold, contacts, reviews. */
export function RegistryPatientPage({ patientId }: { patientId: string }) {
  const user = useUser();
  const page = useAsync(() => registryApi.patient(patientId), [patientId]);
  const d = page.data;
  const row = d?.row;
  const changes =
    d?.reviews.filter(
      (r) =>
        r.taskStatus === 'accepted' &&
        (r.recommendation === 'medication_change' ||
          r.recommendation === 'dose_change'),
    ) ?? [];
  return (
    <>
      <p>
        <Link to="/">← Registry</Link>
      </p>
      <ErrorNotice error={page.error} />
      {row ? (
        <Panel title={row.patientName}>
          <p className="muted">
            {row.kind.toUpperCase()} since {dateOnly(row.startedOn)} · week{' '}
            {row.weeksInTreatment} · PCP {row.pcpName} · care manager{' '}
            {row.careManagerName}
          </p>
          <FlagBadges flags={row.flags} />
          <div className="minutes-meter">
            <strong>
              {row.minutesThisMonth} of {row.thresholdMinutes} min
            </strong>{' '}
            care-manager time this month
            <meter
              aria-label="Minutes this month against the threshold"
              min={0}
              max={row.thresholdMinutes}
              value={Math.min(row.minutesThisMonth, row.thresholdMinutes)}
            />
          </div>
        </Panel>
      ) : null}
      {d ? (
        <Panel title="Score trend">
          <ScoreTrend
            scores={d.scores.filter(
              (s) => s.instrument === (row?.instrument ?? 'phq9'),
            )}
            changes={changes}
            instrument={row?.instrument ?? 'phq9'}
          />
        </Panel>
      ) : null}
      <ScreeningHistory patientId={patientId} />
      {d ? (
        <Panel title="Contacts">
          {user.role === 'care_manager' && row && !d.episode.endedOn ? (
            <VideoContactStart
              patientId={patientId}
              patientName={row.patientName}
            />
          ) : null}
          {user.role === 'care_manager' ? (
            <ContactForm patientId={patientId} onLogged={page.reload} />
          ) : null}
          {d.contacts.length === 0 ? (
            <Empty>No contacts yet.</Empty>
          ) : (
            <TableFrame
              caption="Contacts"
              columns={['When', 'By', 'Outcome', 'Minutes', 'Next contact']}
            >
              {d.contacts.map((c) => (
                <tr key={c.id}>
                  <td>{dateTime(c.contactedAt)}</td>
                  <td>{humanize(c.mode)}</td>
                  <td>{humanize(c.outcome)}</td>
                  <td>{c.minutes ?? '—'}</td>
                  <td>
                    {c.nextContactOn ? (
                      dateOnly(c.nextContactOn)
                    ) : c.mode === 'video' &&
                      user.role === 'care_manager' &&
                      !d.episode.endedOn ? (
                      <NextContactField
                        contactId={c.id}
                        onSaved={page.reload}
                      />
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </TableFrame>
          )}
        </Panel>
      ) : null}
      {d ? (
        <Panel title="Psychiatric reviews">
          {user.role === 'psychiatrist' ? (
            <ReviewForm patientId={patientId} onSaved={page.reload} />
          ) : null}
          {d.reviews.length === 0 ? (
            <Empty>Not reviewed yet.</Empty>
          ) : (
            <TableFrame
              caption="Reviews"
              columns={['When', 'Consultant', 'Recommendation', 'Note', 'PCP']}
            >
              {d.reviews.map((r) => (
                <tr key={r.id}>
                  <td>{dateTime(r.reviewedAt)}</td>
                  <td>{r.consultantName}</td>
                  <td>{humanize(r.recommendation)}</td>
                  <td>{r.note}</td>
                  <td>{humanize(r.taskStatus)}</td>
                </tr>
              ))}
            </TableFrame>
          )}
        </Panel>
      ) : null}
    </>
  );
}
