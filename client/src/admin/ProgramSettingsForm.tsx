import { useEffect, useState, type FormEvent } from 'react';
import { programsApi, type QueueSettings } from '../api/programs-api';
import { Button } from '../ui/Button';
import { Checkbox, TextField } from '../ui/Field';
import { SaveFooter } from '../ui/SaveFooter';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';

type Step = QueueSettings['escalationSteps'][number];
const RELAX_LABEL = {
  specialty: 'any specialty',
  language: 'any language (interpreter joins)',
} as const;

/** Program settings an administrator controls; each change applies to the next dispatch. */
export function ProgramSettingsForm() {
  const loaded = useAsync(() => programsApi.getQueueSettings(), []);
  const [draft, setDraft] = useState<QueueSettings | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setDraft(loaded.data);
  }, [loaded.data]);
  const save = useAction(async (s: QueueSettings) => {
    const next = await programsApi.updateQueueSettings(s);
    setDraft(next);
    setSaved(true);
  });
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  if (!draft) return <p className="loading">Loading settings…</p>;
  const num =
    (k: 'targetMinutes' | 'offerTimeoutSeconds' | 'expireAfterMinutes') =>
    (e: { target: { value: string } }) => {
      setSaved(false);
      setDraft({ ...draft, [k]: Number(e.target.value) });
    };
  const setStep = (i: number, step: Step | null) => {
    setSaved(false);
    const steps = draft.escalationSteps.slice();
    if (step) steps[i] = step;
    else steps.splice(i, 1);
    setDraft({ ...draft, escalationSteps: steps });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(draft);
  };
  return (
    <form onSubmit={onSubmit} aria-label="Program settings">
      <Panel title="Response">
        <div className="form-row">
          <TextField
            label="Target time to call back (minutes)"
            type="number"
            min={1}
            value={draft.targetMinutes}
            onChange={num('targetMinutes')}
            hint="MCPAP's target is 30 minutes"
          />
          <TextField
            label="Offer rings for (seconds)"
            type="number"
            min={1}
            value={draft.offerTimeoutSeconds}
            onChange={num('offerTimeoutSeconds')}
            hint="Then it goes to the next psychiatrist"
          />
          <TextField
            label="Request expires after (minutes)"
            type="number"
            min={1}
            value={draft.expireAfterMinutes}
            onChange={num('expireAfterMinutes')}
          />
        </div>
        <Checkbox
          label="Coordinator triage: requests go to a coordinator first"
          checked={draft.triageEnabled}
          onChange={(v) => setDraft({ ...draft, triageEnabled: v })}
        />
        <Checkbox
          label="Allow psychiatrists without the patient's language (an interpreter joins)"
          checked={draft.interpreterAllowed}
          onChange={(v) => setDraft({ ...draft, interpreterAllowed: v })}
        />
        <Checkbox
          label="Set a psychiatrist to away when an offer rings out"
          checked={draft.awayAfterMissedOffer}
          onChange={(v) => setDraft({ ...draft, awayAfterMissedOffer: v })}
        />
      </Panel>
      <Panel title="Escalation steps">
        <p className="muted">
          While nobody accepts, widen the pool step by step. Coordinators are
          alerted at each step. State licensure is never relaxed.
        </p>
        {draft.escalationSteps.map((s, i) => (
          <fieldset className="choices" key={i}>
            <legend>Step {i + 1}</legend>
            <div className="form-row">
              <TextField
                label={`Step ${i + 1}: after (minutes)`}
                type="number"
                min={0}
                value={s.afterMinutes}
                onChange={(e) =>
                  setStep(i, { ...s, afterMinutes: Number(e.target.value) })
                }
              />
              <div>
                {(['specialty', 'language'] as const).map((r) => (
                  <Checkbox
                    key={r}
                    label={`Allow ${RELAX_LABEL[r]}`}
                    checked={s.relax.includes(r)}
                    onChange={(on) =>
                      setStep(i, {
                        ...s,
                        relax: on
                          ? [...s.relax, r]
                          : s.relax.filter((x) => x !== r),
                      })
                    }
                  />
                ))}
              </div>
            </div>
            <Button variant="quiet" onClick={() => setStep(i, null)}>
              Remove step {i + 1}
            </Button>
          </fieldset>
        ))}
        <Button
          onClick={() =>
            setStep(draft.escalationSteps.length, {
              afterMinutes:
                (draft.escalationSteps.at(-1)?.afterMinutes ?? 0) + 10,
              relax: [],
            })
          }
        >
          Add a step
        </Button>
      </Panel>
      <SaveFooter save={save} saved={saved ? 'Settings saved.' : null}>
        Save settings
      </SaveFooter>
    </form>
  );
}
