import { screeningSummary, urgencyReasonText } from '../api/consult-context';
import { useState } from 'react';
import { callbackMethodOf, consultTypeLabel } from '../api/consults-api';
import { useEditorTime } from '../time/use-editor-time';
import { ReportHeader } from '../pcp/ReportHeader';
import { patientName } from '../api/patients-api';
import { useLiveConsult } from '../live/consult-live';
import { Link, navigate } from '../shell/router';
import { Button } from '../ui/Button';
import { clockTime, dateOnly, humanize } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { StatusBadge } from '../ui/StatusBadge';
import { ECONSULT_OPEN, isEconsult } from '../api/econsults-api';
import { AttachmentsPanel } from '../econsult/AttachmentsPanel';
import { ThreadPanel } from '../econsult/ThreadPanel';
import { ScreeningHistory } from '../screening/ScreeningHistory';
import { useUser } from '../shell/session-context';
import { ReportEditor } from './ReportEditor';
import { TimeAndBilling } from './TimeAndBilling';

/** A call to start or rejoin; after "End call for everyone" (wrap-up) there is none. */
const LIVE_CALL: readonly string[] = ['accepted', 'in_call'];

export function PsychiatristConsultPage({ consultId }: { consultId: string }) {
  const consult = useLiveConsult(consultId);
  const editorTime = useEditorTime(`report:${consultId}`);
  const [signedCount, setSignedCount] = useState(0);
  const me = useUser();
  if (consult.error) return <ErrorNotice error={consult.error} />;
  const c = consult.data;
  if (!c) return <p className="loading">Loading the consult…</p>;
  const phone = callbackMethodOf(c) === 'phone';
  const written = isEconsult(c);
  const mine = c.assignedPsychiatristId === me.id;
  const open = ECONSULT_OPEN.includes(c.status);
  return (
    <>
      <p>
        <Link to="/">← Back</Link>
      </p>
      <h1>
        {written ? 'Written question' : 'Consult'}:{' '}
        {c.patient ? patientName(c.patient) : 'patient'}{' '}
        <StatusBadge status={c.status} />
      </h1>
      <div className="grid-2-1">
        <div>
          <Panel title="Request">
            {c.emergency ? (
              <Notice tone="danger">Emergency request.</Notice>
            ) : null}
            <ReportHeader consult={c} />
            <dl className="facts">
              <dt>Requested at</dt>
              <dd>{clockTime(c.createdAt)}</dd>
              {c.patient?.birthDate ? (
                <>
                  <dt>Date of birth</dt>
                  <dd>{dateOnly(c.patient.birthDate)}</dd>
                </>
              ) : null}
              <dt>State</dt>
              <dd>{c.patient?.state ?? '–'}</dd>
              <dt>Type</dt>
              <dd>{consultTypeLabel(c.consultType)}</dd>
              <dt>Urgency</dt>
              <dd>
                {humanize(c.urgency)}
                {urgencyReasonText(c) ? `: ${urgencyReasonText(c)}` : ''}
              </dd>
              {screeningSummary(c) ? (
                <>
                  <dt>Screen</dt>
                  <dd>{screeningSummary(c)}</dd>
                </>
              ) : null}
              <dt>Reasons</dt>
              <dd>{c.reasonCategories?.map(humanize).join(', ')}</dd>
              <dt>Language</dt>
              <dd>{c.language?.toUpperCase()}</dd>
              <dt>{written ? 'Answer' : 'Call back by'}</dt>
              <dd>
                {written
                  ? 'In writing: your signed report is the reply'
                  : phone
                    ? `Phone ${c.callbackPhone ?? ''}`
                    : `Video in this app${c.callbackPhone ? `; if video fails, ${c.callbackPhone}` : ''}`}
              </dd>
            </dl>
            <h3>Clinical question</h3>
            <p style={{ whiteSpace: 'pre-wrap' }}>{c.clinicalQuestion}</p>
            {LIVE_CALL.includes(c.status) ? (
              <div className="button-row">
                <Button
                  variant="accept"
                  size="large"
                  onClick={() => navigate(`/consults/${c.id}/call`)}
                >
                  {c.status === 'accepted'
                    ? 'Start the call'
                    : 'Rejoin the call'}
                </Button>
              </div>
            ) : null}
          </Panel>
          {written ? (
            <ThreadPanel
              consultId={c.id}
              side="psychiatrist"
              canWrite={mine && open}
              onPosted={consult.reload}
            />
          ) : null}
          {c.status === 'awaiting_pcp' ? (
            <Notice tone="warning">
              Waiting on the PCP's answer: the reply clock is paused, and the
              reply can be signed once they answer.
            </Notice>
          ) : null}
          <ScreeningHistory patientId={c.patientId} />
          <ReportEditor
            consultId={c.id}
            clinicalQuestion={c.clinicalQuestion}
            onActivity={editorTime.mark}
            onSigned={() => setSignedCount((n) => n + 1)}
          />
        </div>
        <div>
          {written ? (
            <AttachmentsPanel consultId={c.id} canAdd={mine && open} />
          ) : null}
          <TimeAndBilling
            consultId={c.id}
            editorMinutes={editorTime.suggest}
            refreshKey={signedCount}
          />
        </div>
      </div>
    </>
  );
}
