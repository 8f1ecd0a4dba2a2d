import type { z } from 'zod';
import type {
  consultRequestSchema,
  Screening,
} from '../../../signaling/protocol/rest/consults';
import type { ConsultStatusEvent } from '../../../signaling/protocol/queue-events';
import type { ConsultStatus } from '../../../signaling/protocol/statuses';
import { api, type Query } from './api-client';
import { patientsApi, type Patient } from './patients-api';
import { sessionStore } from './session-store';

/**
 * The consult queue's REST surface as the client uses it (server/consults).
 * Field names follow the queue issue; shapes not yet fixed by the server are
 * read defensively by the screens.
 */
export const CONSULT_TYPES = [
  {
    value: 'clinician_consult',
    label: 'Talk with a psychiatrist (clinician to clinician)',
  },
  {
    value: 'direct_evaluation',
    label: 'Psychiatrist evaluates the patient directly',
  },
  { value: 'resource_referral', label: 'Resources and referral only' },
  {
    value: 'econsult',
    label: 'Written question (eConsult, answer within the day)',
  },
] as const;

export const REASONS = [
  { value: 'medication', label: 'Medication' },
  { value: 'diagnosis', label: 'Diagnosis' },
  { value: 'resources', label: 'Resources' },
  { value: 'parent_guidance', label: 'Parent guidance' },
  { value: 'safety', label: 'Safety' },
  { value: 'other', label: 'Other' },
] as const;

export const SPECIALTIES = [
  { value: 'child_adolescent', label: 'Child & adolescent' },
  { value: 'perinatal', label: 'Perinatal' },
  { value: 'adult', label: 'Adult' },
  { value: 'addiction', label: 'Addiction' },
] as const;

export const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'es', label: 'Spanish' },
  { value: 'pt', label: 'Portuguese' },
  { value: 'zh', label: 'Chinese' },
  { value: 'vi', label: 'Vietnamese' },
  { value: 'ht', label: 'Haitian Creole' },
] as const;

export type { ConsultStatus };

/** A clinician as the report names them (server/consults/consult-people.ts). */
export interface ClinicianName {
  id: string;
  name: string;
  credentials: string | null;
}

/** Who asks and who answers, and how to reach them (GET /api/consults/:id). */
export interface ConsultPeople {
  requester: ClinicianName & {
    practiceName: string;
    practicePhone: string | null;
  };
  psychiatrist: ClinicianName | null;
  program: { name: string; contactLine: string | null };
  screen?: {
    instrument: string;
    total: number | null;
    item9: number | null;
  } | null;
}

export interface Consult {
  id: string;
  status: ConsultStatus | string;
  patientId: string;
  patient?: {
    id: string;
    givenName: string;
    familyName: string;
    birthDate?: string;
    state?: string;
  } | null;
  consultType: string;
  contactMode?: 'video' | 'phone';
  reasonCategories: string[];
  clinicalQuestion: string;
  urgency: 'routine' | 'urgent' | string;
  urgencyReason?: string;
  emergency?: boolean;
  specialty: string;
  language: string;
  callbackMethod?: 'video' | 'phone';
  callbackPhone?: string | null;
  /** Typed PHQ items of requests made before assessments were stored. */
  screening?: Screening | null;
  assessmentId?: string | null;
  people?: ConsultPeople | null;
  requestedBy: string;
  requestedByName?: string | null;
  assignedPsychiatristId: string | null;
  assignedPsychiatristName?: string | null;
  createdAt: string;
  updatedAt?: string;
  queuedAt?: string | null;
  acceptedAt?: string | null;
  position?: number | null;
  estimatedWaitMinutes?: number | null;
  targetMinutes?: number | null;
  escalationLevel?: number;
  /** From the live status push: one sentence for the PCP. */
  statusMessage?: string;
  noPsychiatristOnDuty?: boolean;
  /** On duty, but nobody who could take it (all who could declined). */
  noEligiblePsychiatrist?: boolean;
  crisisGuidance?: string | null;
}

/** The request body, typed from the server's own schema. */
export type NewConsultRequest = z.input<typeof consultRequestSchema>;

/** What the server answers to a new request (emergencies carry crisis guidance to show at once). */
export type CreatedConsult = Consult;

/** GET and POST answer { consult, live }: the stored consult plus its live queue status. */
interface ConsultReply {
  consult: Consult;
  people?: ConsultPeople;
  live?: ConsultStatusEvent | null;
  crisisGuidance?: string | null;
}

function merge(r: ConsultReply): Consult {
  const c: Consult = r.people
    ? {
        ...r.consult,
        people: r.people,
        requestedByName: r.people.requester.name,
        assignedPsychiatristName: r.people.psychiatrist?.name ?? null,
      }
    : r.consult;
  const l = r.live;
  if (!l) return { ...c, crisisGuidance: r.crisisGuidance ?? c.crisisGuidance };
  return {
    ...c,
    status: l.status,
    position: l.position,
    estimatedWaitMinutes: l.estimatedWaitMinutes,
    targetMinutes: l.targetMinutes,
    statusMessage: l.message,
    noPsychiatristOnDuty: l.noPsychiatristOnDuty,
    noEligiblePsychiatrist: l.noEligiblePsychiatrist,
    crisisGuidance: r.crisisGuidance ?? l.crisisGuidance,
    ...(l.assignedPsychiatrist
      ? {
          assignedPsychiatristId: l.assignedPsychiatrist.id,
          assignedPsychiatristName: l.assignedPsychiatrist.displayName,
        }
      : {}),
  };
}

/** Consults carry a patient id; the screens show names, read through the audited patient API. */
async function withPatients(consults: Consult[]): Promise<Consult[]> {
  if (!consults.length) return consults;
  let byId = new Map<string, Patient>();
  // Psychiatrists may not list patients (asking would only be refused and
  // audited as a denial): read the few they were offered one by one.
  const mayList = sessionStore.get()?.user.role !== 'psychiatrist';
  try {
    if (!mayList) throw new Error('psychiatrists read patients one by one');
    byId = new Map((await patientsApi.list()).map((p) => [p.id, p]));
  } catch {
    const ids = [...new Set(consults.map((c) => c.patientId))].slice(0, 25);
    const found = await Promise.all(
      ids.map((id) => patientsApi.get(id).catch(() => null)),
    );
    byId = new Map(
      found.filter((p): p is Patient => !!p).map((p) => [p.id, p]),
    );
  }
  return consults.map((c) => ({
    ...c,
    patient: c.patient ?? byId.get(c.patientId) ?? null,
  }));
}

export const consultsApi = {
  /** The idempotency key makes a double click (or a retry after a timeout) create one request. */
  create: (body: NewConsultRequest) =>
    api.post<ConsultReply>('/api/consults', body).then(merge),
  list: (q?: Query) =>
    api
      .get<{ consults: Consult[] }>('/api/consults', q)
      .then((r) =>
        r.consults.sort(
          (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt),
        ),
      )
      .then(withPatients),
  /** The consult alone (no patient read): what the ring shows of an offer. */
  context: (id: string) =>
    api.get<ConsultReply>(`/api/consults/${id}`).then(merge),
  get: async (id: string) => {
    const c = merge(await api.get<ConsultReply>(`/api/consults/${id}`));
    const patient = await patientsApi.get(c.patientId).catch(() => null);
    return { ...c, patient };
  },
  cancel: (id: string) =>
    api.post<ConsultReply>(`/api/consults/${id}/cancel`).then(merge),
};

/** The consult type as a table shows it (humanized; an eConsult named as the form names it). */
export function consultTypeLabel(type: string): string {
  if (type === 'econsult') return 'Written question (eConsult)';
  const s = type.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function callbackMethodOf(c: Consult): 'video' | 'phone' {
  return c.callbackMethod ?? c.contactMode ?? 'video';
}

/** Statuses in which the PCP and psychiatrist can be in the call together. */
export const CALLABLE: readonly string[] = ['accepted', 'in_call', 'wrap_up'];
export const ACTIVE: readonly string[] = [
  'requested',
  'triage',
  'queued',
  'offered',
  'accepted',
  'in_call',
  // Written eConsults still open.
  'pooled',
  'claimed',
  'awaiting_pcp',
];
