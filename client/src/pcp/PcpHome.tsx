import { ACTIVE, consultsApi, type CreatedConsult } from '../api/consults-api';
import { TextAlertsPanel } from '../econsult/TextAlertsPanel';
import { useLiveConsultList } from '../live/consult-live';
import { navigate } from '../shell/router';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { ConsultHistory } from './ConsultHistory';
import { ConsultRequestForm } from './ConsultRequestForm';
import { ConsultStatusCard } from './ConsultStatusCard';

/** The PCP's one screen: what is happening now, a request form, and the practice's history. */
export function PcpHome() {
  const consults = useLiveConsultList(() => consultsApi.list(), []);
  const active = (consults.data ?? []).filter((c) => ACTIVE.includes(c.status));
  const onCreated = (c: CreatedConsult) => {
    consults.reload();
    navigate(`/consults/${c.id}`);
  };
  return (
    <>
      <h1>Psychiatry consults</h1>
      <ErrorNotice error={consults.error} />
      <div className="grid-2-1">
        <div>
          {active.length ? (
            <Panel title="Happening now">
              {active.map((c) => (
                <ConsultStatusCard key={c.id} consult={c} compact />
              ))}
            </Panel>
          ) : null}
          <Panel title="Request a consult">
            <ConsultRequestForm onCreated={onCreated} />
          </Panel>
        </div>
        <div>
          <Panel title="Your practice's consults">
            {consults.data ? (
              <ConsultHistory consults={consults.data} />
            ) : consults.loading ? (
              <p className="loading">Loading…</p>
            ) : null}
          </Panel>
          <TextAlertsPanel />
        </div>
      </div>
    </>
  );
}
