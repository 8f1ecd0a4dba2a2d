import { econsultsApi } from '../api/econsults-api';
import { navigate } from '../shell/router';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction } from '../ui/use-async';

/**
 * After the written reply: go on to a live consult or a direct evaluation in
 * one click. The server copies the intake and links back; the eConsult, its
 * thread and reply stay as they are.
 */
export function ConvertButtons({
  consultId,
  advised,
}: {
  consultId: string;
  advised: boolean;
}) {
  const convert = useAction((to: 'clinician_consult' | 'direct_evaluation') =>
    econsultsApi.convert(consultId, to),
  );
  const go = async (to: 'clinician_consult' | 'direct_evaluation') => {
    const c = await convert.run(to);
    if (c) navigate(`/consults/${c.id}`);
  };
  return (
    <Panel title="Next step">
      <p>
        {advised
          ? 'The psychiatrist advises a direct evaluation of the patient.'
          : 'If the written reply is not enough, go on with the same request.'}{' '}
        The question, attachments and reply stay with this eConsult.
      </p>
      <ErrorNotice error={convert.error} />
      <div className="button-row">
        <Button
          variant={advised ? 'secondary' : 'primary'}
          busy={convert.busy}
          onClick={() => void go('clinician_consult')}
        >
          Convert to a live consult
        </Button>
        <Button
          variant={advised ? 'primary' : 'secondary'}
          busy={convert.busy}
          onClick={() => void go('direct_evaluation')}
        >
          Convert to a direct evaluation
        </Button>
      </div>
    </Panel>
  );
}
