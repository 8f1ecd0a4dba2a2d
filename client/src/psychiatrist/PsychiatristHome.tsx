import { consultsApi } from '../api/consults-api';
import type { Availability } from '../api/queue-api';
import { ConsultHistory } from '../pcp/ConsultHistory';
import { useLiveConsultList } from '../live/consult-live';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { DutySwitch } from './DutySwitch';

export function PsychiatristHome({
  availability,
  onAvailability,
}: {
  availability: Availability | null;
  onAvailability(a: Availability): void;
}) {
  const consults = useLiveConsultList(() => consultsApi.list(), []);
  return (
    <>
      <h1>Consults</h1>
      <DutySwitch availability={availability} onChange={onAvailability} />
      <Panel title="Your consults">
        <ErrorNotice error={consults.error} />
        {consults.data ? (
          <ConsultHistory consults={consults.data} />
        ) : consults.loading ? (
          <p className="loading">Loading…</p>
        ) : null}
      </Panel>
    </>
  );
}
