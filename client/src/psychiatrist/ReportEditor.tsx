import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  EMPTY_REPORT,
  REPORT_SECTIONS,
  reportsApi,
  type Report,
  type ReportContent,
} from '../api/reports-api';
import { billingApi } from '../api/billing-api';
import { ReportView } from '../pcp/ReportView';
import { useUser } from '../shell/session-context';
import { Button } from '../ui/Button';
import { outcomesApi } from '../api/outcomes-api';
import { Checkbox, ChoiceGroup, SelectField, TextArea } from '../ui/Field';
import { clockTime } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';
import {
  callDiscussionMinutes,
  VerbalDiscussion,
  type OffPlatformDiscussion,
} from './VerbalDiscussion';

const HINTS: Partial<Record<keyof ReportContent, string>> = {
  question: "The PCP's question, in your words.",
  recommendations: 'What the PCP should do next.',
  medicationGuidance: 'Drug, dose, titration, monitoring.',
};

function contentOf(r: Report | null, fallbackQuestion: string): ReportContent {
  if (!r) return { ...EMPTY_REPORT, question: fallbackQuestion };
  const {
    question,
    assessment,
    recommendations,
    medicationGuidance,
    directEvaluationAdvised,
    referralAdvised,
    followUp,
    verbalDiscussion,
    disposition,
    diagnosisCategories,
  } = r;
  return {
    disposition,
    diagnosisCategories,
    question,
    assessment,
    recommendations,
    medicationGuidance,
    directEvaluationAdvised,
    referralAdvised,
    followUp,
    verbalDiscussion,
  };
}

/** Draft, sign (locks it and sends it to the PCP), then addenda only. */
export function ReportEditor({
  consultId,
  clinicalQuestion,
  onActivity,
  onSigned,
}: {
  consultId: string;
  clinicalQuestion: string;
  /** Typing or focus in the editor: the time suggestion counts it. */
  onActivity?(): void;
  onSigned?(): void;
}) {
  const user = useUser();
  const report = useAsync(() => reportsApi.get(consultId), [consultId]);
  const time = useAsync(() => billingApi.timeSummary(consultId), [consultId]);
  const callMinutes = callDiscussionMinutes(time.data, user.id);
  const [offPlatform, setOffPlatform] = useState<OffPlatformDiscussion>({
    attested: false,
    minutes: '',
  });
  const [offPlatformError, setOffPlatformError] = useState<string>();
  const codes = useAsync(() => outcomesApi.codes(), []);
  const [draft, setDraft] = useState<ReportContent | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [addendum, setAddendum] = useState('');
  const dirty = useRef(false);
  useEffect(() => {
    if (report.data !== undefined && !dirty.current)
      setDraft(contentOf(report.data, clinicalQuestion));
  }, [report.data, clinicalQuestion]);

  const save = useAction(async (c: ReportContent) => {
    const r = await reportsApi.saveDraft(consultId, c);
    dirty.current = false;
    setSavedAt(new Date().toISOString());
    report.set(() => r);
    return r;
  });
  const sign = useAction(async () => {
    const m = Number(offPlatform.minutes);
    if (offPlatform.attested && (!Number.isInteger(m) || m < 1 || m > 600)) {
      setOffPlatformError('Give the minutes as a whole number from 1 to 600.');
      return;
    }
    setOffPlatformError(undefined);
    if (offPlatform.attested)
      await billingApi.logTime(consultId, {
        activity: 'pcp_discussion',
        startedAt: new Date(Date.now() - m * 60_000).toISOString(),
        minutes: m,
      });
    // Read the call record again: the call may have ended since the page opened.
    const onCall = callDiscussionMinutes(
      await billingApi.timeSummary(consultId),
      user.id,
    );
    const verbalDiscussion = offPlatform.attested || onCall > 0;
    if (draft)
      await reportsApi.saveDraft(consultId, { ...draft, verbalDiscussion });
    const r = await reportsApi.sign(consultId);
    dirty.current = false;
    report.set(() => r);
    onSigned?.();
  });
  const addAddendum = useAction(async () => {
    const r = await reportsApi.addAddendum(consultId, addendum);
    setAddendum('');
    report.set(() => r);
  });

  if (report.error) return <ErrorNotice error={report.error} />;
  if (!draft) return <p className="loading">Loading the report…</p>;
  const signed = report.data?.status === 'signed' ? report.data : null;

  if (signed) {
    const onAddendum = (e: FormEvent) => {
      e.preventDefault();
      void addAddendum.run();
    };
    return (
      <Panel title="Written report">
        <Notice tone="success">
          Signed and sent to the requesting clinician. Changes are added as
          addenda.
        </Notice>
        <ReportView report={signed} />
        <form onSubmit={onAddendum} aria-label="Add an addendum">
          <TextArea
            label="Addendum"
            value={addendum}
            onChange={(e) => setAddendum(e.target.value)}
            required
          />
          <ErrorNotice error={addAddendum.error} />
          <Button
            type="submit"
            variant="primary"
            disabled={!addendum.trim()}
            busy={addAddendum.busy}
            busyLabel="Adding…"
          >
            Add addendum
          </Button>
        </form>
      </Panel>
    );
  }

  const change = (patch: Partial<ReportContent>) => {
    dirty.current = true;
    setDraft({ ...draft, ...patch });
  };
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    void save.run(draft);
  };
  return (
    <Panel title="Written report">
      <form
        onSubmit={onSave}
        aria-label="Consult report"
        onInput={onActivity}
        onFocus={onActivity}
      >
        {REPORT_SECTIONS.map((s) => (
          <TextArea
            key={s.key}
            label={s.label}
            hint={HINTS[s.key]}
            value={String(draft[s.key] ?? '')}
            onChange={(e) => change({ [s.key]: e.target.value })}
          />
        ))}
        <Checkbox
          label="Direct evaluation of the patient advised"
          checked={draft.directEvaluationAdvised}
          onChange={(v) => change({ directEvaluationAdvised: v })}
        />
        <Checkbox
          label="Referral to ongoing care advised"
          checked={draft.referralAdvised}
          onChange={(v) => change({ referralAdvised: v })}
        />
        <SelectField
          label="Disposition"
          hint="Where the patient goes next; required to sign."
          required
          value={draft.disposition ?? ''}
          onChange={(e) => change({ disposition: e.target.value || null })}
          options={[
            { value: '', label: 'Choose…' },
            ...(codes.data?.dispositions ?? []).map((d) => ({
              value: d.code,
              label: d.label,
            })),
          ]}
        />
        <ChoiceGroup
          legend="Diagnosis categories"
          type="checkbox"
          name="diagnosis-categories"
          value={draft.diagnosisCategories}
          onChange={(next) => change({ diagnosisCategories: next })}
          options={(codes.data?.diagnosisCategories ?? []).map((d) => ({
            value: d.code,
            label: d.label,
          }))}
        />
        <VerbalDiscussion
          callMinutes={callMinutes}
          value={offPlatform}
          onChange={setOffPlatform}
          error={offPlatformError}
        />
        <ErrorNotice error={save.error ?? sign.error} />
        {savedAt ? (
          <p className="muted" role="status">
            Draft saved at {clockTime(savedAt)}.
          </p>
        ) : null}
        <div className="button-row">
          <Button type="submit" busy={save.busy} busyLabel="Saving…">
            Save draft
          </Button>
          <Button
            variant="primary"
            busy={sign.busy}
            busyLabel="Signing…"
            disabled={
              !draft.assessment.trim() ||
              !draft.recommendations.trim() ||
              !draft.disposition
            }
            onClick={() => void sign.run()}
          >
            Sign and send to PCP
          </Button>
        </div>
        <p className="muted">
          Signing locks the report. Assessment, recommendations and the
          disposition are required.
        </p>
      </form>
    </Panel>
  );
}
