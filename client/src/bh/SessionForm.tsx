import { useState } from 'react';
import { screeningApi } from '../api/screening-api';
import { Button } from '../ui/Button';
import { SelectField } from '../ui/Field';
import { Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAsync } from '../ui/use-async';
import {
  type ItemAnswer,
  ScreeningItemFields,
} from '../screening/ScreeningItemFields';
import { SESSION_INSTRUMENTS } from '../../../signaling/protocol/rest/episodes';

const INTERVENTIONS = [
  ['cbt_skills', 'CBT skills'],
  ['motivational_interviewing', 'Motivational interviewing'],
  ['problem_solving', 'Problem solving'],
  ['psychoeducation', 'Psychoeducation'],
] as const;

/**
 * A session's short structured note. A screening (first and last session)
 * is answered item by item, as on the screening page; the server scores it
 * and stores it as the patient's assessment with the session.
 */
export function SessionForm({
  onSave,
  full,
}: {
  /** Resolves true once stored (the screening is then cleared). */
  onSave: (body: unknown) => Promise<boolean>;
  /** The limit, once every session it allows was held. */
  full: number | null;
}) {
  const [focus, setFocus] = useState('');
  const [minutes, setMinutes] = useState(30);
  const [mode, setMode] = useState('video');
  const [risk, setRisk] = useState('none');
  const [homework, setHomework] = useState('');
  const [picked, setPicked] = useState<string[]>(['cbt_skills']);
  const [instrumentId, setInstrumentId] = useState('');
  const [answers, setAnswers] = useState<ItemAnswer[]>([]);
  const all = useAsync(() => screeningApi.instruments(), []);
  const offered = (all.data ?? []).filter((i) =>
    (SESSION_INSTRUMENTS as readonly string[]).includes(i.id),
  );
  const instrument = offered.find((i) => i.id === instrumentId);
  return (
    <Panel title="Record a session">
      {full ? (
        // Said before the clinician writes a note the server will refuse.
        <Notice tone="warning">
          All {full} sessions of this episode are held: a further session is
          refused. Close the episode with the report, or step up to psychiatry,
          below.
        </Notice>
      ) : null}
      <form
        className="session-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          const saved = onSave({
            mode,
            minutes,
            focus,
            interventions: picked,
            homework,
            riskLevel: risk,
            ...(instrument
              ? {
                  screening: {
                    instrument: instrument.id,
                    items: instrument.items.map((_, i) => answers[i] ?? null),
                  },
                }
              : {}),
          });
          // Stored with the session: never sent twice by a second save.
          void saved.then((ok) => {
            if (ok) {
              setInstrumentId('');
              setAnswers([]);
            }
          });
        }}
      >
        <label>
          How{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value)}>
            <option value="video">Video visit</option>
            <option value="phone">Phone</option>
            <option value="in_person">In person</option>
          </select>
        </label>
        <label>
          Minutes{' '}
          <input
            type="number"
            min={1}
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value))}
          />
        </label>
        <label>
          Focus{' '}
          <input value={focus} onChange={(e) => setFocus(e.target.value)} />
        </label>
        <fieldset>
          <legend>Intervention</legend>
          {INTERVENTIONS.map(([v, label]) => (
            <label key={v}>
              <input
                type="checkbox"
                checked={picked.includes(v)}
                onChange={(e) =>
                  setPicked(
                    e.target.checked
                      ? [...picked, v]
                      : picked.filter((p) => p !== v),
                  )
                }
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <label>
          Homework{' '}
          <input
            value={homework}
            onChange={(e) => setHomework(e.target.value)}
          />
        </label>
        <label>
          Risk check{' '}
          <select value={risk} onChange={(e) => setRisk(e.target.value)}>
            <option value="none">None</option>
            <option value="low">Low</option>
            <option value="moderate">Moderate</option>
            <option value="high">High</option>
          </select>
        </label>
        <fieldset className="session-screening">
          <legend>Screening at this session</legend>
          <SelectField
            label="Instrument"
            hint="Give one at the first and the last session. Ask each item; the score is computed when you save."
            value={instrumentId}
            onChange={(e) => {
              setInstrumentId(e.target.value);
              setAnswers([]);
            }}
            options={[
              { value: '', label: 'None this session' },
              ...offered.map((i) => ({ value: i.id, label: i.title })),
            ]}
          />
          {instrument ? (
            <ScreeningItemFields
              instrument={instrument}
              answers={answers}
              onChange={setAnswers}
            />
          ) : null}
        </fieldset>
        <Button type="submit" variant="primary">
          Save session
        </Button>
      </form>
    </Panel>
  );
}
