import { api } from '../api/api-client';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-error';
import {
  CONSULT_TYPES,
  LANGUAGES,
  REASONS,
  SPECIALTIES,
  consultsApi,
  type CreatedConsult,
  type NewConsultRequest,
} from '../api/consults-api';
import { patientName, patientsApi, type Patient } from '../api/patients-api';
import { Button } from '../ui/Button';
import { Checkbox, ChoiceGroup, SelectField, TextArea } from '../ui/Field';
import { ErrorNotice, Notice } from '../ui/Notice';
import { randomId } from '../ui/random-id';
import { useAction, useAsync } from '../ui/use-async';
import { CrisisGuidance } from './CrisisGuidance';
import type { Assessment } from '../api/screening-api';
import { AssessmentAttachmentField } from './AssessmentAttachmentField';
import { MAX_ATTACHMENTS } from '../api/econsults-api';
import { FilePicker } from '../econsult/FilePicker';
import { leaveUploads } from '../econsult/pending-uploads';
import { CallbackFields } from './CallbackFields';
import { NewPatientFields } from './NewPatientFields';

const NEW_PATIENT = '__new__';

function ageOf(birthDate: string): number {
  const b = new Date(`${birthDate}T00:00:00`);
  const n = new Date();
  let a = n.getFullYear() - b.getFullYear();
  if (
    n.getMonth() < b.getMonth() ||
    (n.getMonth() === b.getMonth() && n.getDate() < b.getDate())
  )
    a -= 1;
  return a;
}

/** Specialty a PCP most likely wants, from the patient's age; they can change it. */
/** Child & adolescent under 18; a new patient's age comes from the date typed. */
const suggestedSpecialty = (p: Pick<Patient, 'birthDate'> | undefined) =>
  p?.birthDate &&
  /^\d{4}-\d{2}-\d{2}/.test(p.birthDate) &&
  ageOf(p.birthDate.slice(0, 10)) < 18
    ? 'child_adolescent'
    : 'adult';

/** The opening with its zone named, so it never reads as another clock. */
const openingLabel = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });

export function ConsultRequestForm({
  onCreated,
}: {
  onCreated(c: CreatedConsult): void;
}) {
  const patients = useAsync(() => patientsApi.list(), []);
  const [patientId, setPatientId] = useState('');
  const [newPatient, setNewPatient] = useState({
    givenName: '',
    familyName: '',
    birthDate: '',
    sex: 'unknown',
    state: '',
  });
  const [consultType, setConsultType] = useState('clinician_consult');
  const [reasons, setReasons] = useState<string[]>([]);
  const [question, setQuestion] = useState('');
  const [urgency, setUrgency] = useState<'routine' | 'urgent'>('routine');
  const [emergency, setEmergency] = useState(false);
  const [specialty, setSpecialty] = useState('');
  const [language, setLanguage] = useState('');
  const [callbackMethod, setCallbackMethod] = useState<'video' | 'phone'>(
    'video',
  );
  const [phone, setPhone] = useState('');
  const [screen, setScreen] = useState<Assessment | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const written = consultType === 'econsult';
  // One key per filled-in form: resubmitting after a network error cannot create a second request.
  const idempotencyKey = useRef(randomId());
  const lastBody = useRef<NewConsultRequest | null>(null);
  const submit = useAction((body: NewConsultRequest) => {
    lastBody.current = body;
    return consultsApi.create(body);
  });
  // Outside program hours nothing is queued: the PCP may leave a callback for the opening.
  const [callbackAt, setCallbackAt] = useState<string | null>(null);
  const scheduleCallback = useAction(async () => {
    const r = await api.post<{ id: string; ringAt: string }>(
      '/api/consults/scheduled-callbacks',
      lastBody.current,
    );
    setCallbackAt(r.ringAt);
  });

  const selected = patients.data?.find((p) => p.id === patientId);
  const patientOptions = useMemo(
    () => [
      { value: '', label: 'Choose a patient…' },
      ...(patients.data ?? []).map((p) => ({
        value: p.id,
        // A new patient's date may come back as a timestamp: show the day.
        label: `${patientName(p)} (born ${p.birthDate.slice(0, 10)})`,
      })),
      { value: NEW_PATIENT, label: '+ New patient' },
    ],
    [patients.data],
  );
  // Checked here first so the common slips read as plain sentences; the server checks everything again.
  const [missing, setMissing] = useState<Record<string, string>>({});
  const err = submit.error instanceof ApiError ? submit.error : undefined;
  const fieldError = (f: string) => missing[f] ?? err?.fieldMessage(f);
  const item9Positive = (screen?.flags.length ?? 0) > 0;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!patientId)
      problems.patientId = 'Choose the patient, or add a new one.';
    if (!reasons.length)
      problems.reasonCategories = 'Choose at least one reason.';
    if (!question.trim())
      problems.clinicalQuestion = 'Write the question you want help with.';
    if (!written && callbackMethod === 'phone' && !phone.trim())
      problems['callback.phone'] = 'Give the number to call you back on.';
    setMissing(problems);
    if (Object.keys(problems).length) {
      // After the re-render marks the fields: focus the first one so keyboard users land on the problem.
      setTimeout(
        () =>
          document
            .querySelector<HTMLElement>(
              'form [aria-invalid="true"], form .field-invalid input',
            )
            ?.focus(),
        0,
      );
      return;
    }
    const body: NewConsultRequest = {
      ...(patientId === NEW_PATIENT
        ? {
            patient: {
              ...newPatient,
              sex: newPatient.sex as 'unknown',
              preferredLanguage: language || 'en',
            },
          }
        : patientId
          ? { patientId }
          : {}),
      consultType: consultType as NewConsultRequest['consultType'],
      contactMode: written ? 'video' : callbackMethod,
      reasonCategories: reasons as NewConsultRequest['reasonCategories'],
      clinicalQuestion: question,
      urgency: item9Positive ? 'urgent' : urgency,
      emergency: written ? false : emergency,
      specialty: (specialty ||
        suggestedSpecialty(
          patientId === NEW_PATIENT ? newPatient : selected,
        )) as NewConsultRequest['specialty'],
      language: language || selected?.preferredLanguage || 'en',
      callback: written
        ? { method: 'video' }
        : callbackMethod === 'phone'
          ? { method: 'phone', phone }
          : { method: 'video', ...(phone.trim() ? { phone } : {}) },
      ...(screen && patientId !== NEW_PATIENT
        ? { assessmentId: screen.id }
        : {}),
      idempotencyKey: idempotencyKey.current,
    };
    const created = await submit.run(body);
    if (!created) return;
    // Files need the consult's id: the consult page uploads them.
    if (written) leaveUploads(created.id, files);
    onCreated(created);
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Request a consult">
      {emergency && !written ? <CrisisGuidance /> : null}
      <SelectField
        label="Patient"
        required
        value={patientId}
        onChange={(e) => {
          setPatientId(e.target.value);
          setScreen(null);
        }}
        options={patientOptions}
        error={fieldError('patientId')}
      />
      <ErrorNotice error={patients.error} />
      {patientId === NEW_PATIENT ? (
        <NewPatientFields
          newPatient={newPatient}
          setNewPatient={setNewPatient}
          fieldError={fieldError}
        />
      ) : null}
      <ChoiceGroup
        legend="Consult type"
        type="radio"
        name="consultType"
        options={CONSULT_TYPES}
        value={[consultType]}
        onChange={(v) => setConsultType(v[0]!)}
        error={fieldError('consultType')}
      />
      <ChoiceGroup
        legend="Reason for the consult"
        hint="Choose all that apply."
        type="checkbox"
        name="reasons"
        options={REASONS}
        value={reasons}
        onChange={setReasons}
        error={fieldError('reasonCategories')}
      />
      <TextArea
        label="Clinical question"
        required
        hint="What would you like the psychiatrist to help with? Do not include information the psychiatrist does not need."
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        error={fieldError('clinicalQuestion')}
        maxLength={4000}
      />
      <div className="form-row">
        <ChoiceGroup
          legend="Urgency"
          type="radio"
          name="urgency"
          options={[
            { value: 'routine', label: 'Routine' },
            { value: 'urgent', label: 'Urgent' },
          ]}
          value={[item9Positive ? 'urgent' : urgency]}
          onChange={(v) => setUrgency(v[0] as 'routine' | 'urgent')}
          error={fieldError('urgency')}
        />
        <SelectField
          label="Specialty"
          value={
            specialty ||
            suggestedSpecialty(
              patientId === NEW_PATIENT ? newPatient : selected,
            )
          }
          onChange={(e) => setSpecialty(e.target.value)}
          options={SPECIALTIES}
          error={fieldError('specialty')}
        />
        <SelectField
          label="Language"
          value={language || selected?.preferredLanguage || 'en'}
          onChange={(e) => setLanguage(e.target.value)}
          options={LANGUAGES}
          error={fieldError('language')}
        />
      </div>
      {written ? (
        <Notice>
          A written question never rings: a psychiatrist answers in writing,
          usually within the day. If the patient may be at risk of harm right
          now, choose a live consult instead.
        </Notice>
      ) : (
        <Checkbox
          label="This is an emergency: the patient may be at risk of harm right now"
          checked={emergency}
          onChange={setEmergency}
        />
      )}
      {written ? (
        <FilePicker files={files} onChange={setFiles} max={MAX_ATTACHMENTS} />
      ) : (
        <CallbackFields
          method={callbackMethod}
          onMethod={setCallbackMethod}
          phone={phone}
          onPhone={setPhone}
          fieldError={fieldError}
        />
      )}
      {patientId && patientId !== NEW_PATIENT ? (
        <AssessmentAttachmentField
          key={patientId}
          patientId={patientId}
          value={screen}
          onChange={setScreen}
        />
      ) : null}
      {item9Positive ? (
        <Notice tone="warning">
          The screening has a positive safety item (thoughts of self-harm). This
          request will be sent as urgent.
        </Notice>
      ) : null}
      {Object.keys(missing).length ? (
        <ErrorNotice>Please complete the highlighted fields.</ErrorNotice>
      ) : (
        <ErrorNotice error={submit.error} />
      )}
      {err?.code === 'outside_hours' ? (
        callbackAt ? (
          <Notice tone="success">
            Scheduled: your request will ring the psychiatrists when the program
            opens ({openingLabel(callbackAt)}).
          </Notice>
        ) : (
          <div className="button-row">
            <Button
              busy={scheduleCallback.busy}
              busyLabel="Scheduling…"
              onClick={() => void scheduleCallback.run()}
            >
              Leave a scheduled callback for the opening
            </Button>
            <ErrorNotice error={scheduleCallback.error} />
          </div>
        )
      ) : null}
      <div className="button-row">
        <Button
          type="submit"
          variant="primary"
          size="large"
          busy={submit.busy}
          busyLabel="Sending request…"
        >
          {written ? 'Send written question' : 'Request consult'}
        </Button>
      </div>
    </form>
  );
}
