import { api } from './api-client';
import { type Consult, consultsApi } from './consults-api';

/**
 * Written eConsults (server/econsults, docs/econsults.md): the pool, the
 * claim, the clarification thread, attachments and the one-click convert.
 */
export interface ThreadMessage {
  id: string;
  consultId: string;
  authorId: string;
  authorName: string;
  recipientId: string;
  kind: 'question' | 'answer';
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface Attachment {
  id: string;
  consultId: string;
  uploadedBy: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

/** What the server accepts (it decides by the bytes; this only filters the picker). */
export const ATTACHMENT_ACCEPT =
  '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
export const MAX_ATTACHMENTS = 5;

/** Statuses of an eConsult still open for messages and files. */
export const ECONSULT_OPEN: readonly string[] = [
  'pooled',
  'claimed',
  'awaiting_pcp',
];

export const isEconsult = (c: Pick<Consult, 'consultType'>) =>
  c.consultType === 'econsult';

const base = (id: string) => `/api/consults/${id}`;

/** What the pool shows to choose by (server/econsults/pool-context.ts). */
export interface PoolContext {
  ageBand: string;
  patientState: string;
  language: string;
}

/** A pooled eConsult with its context. */
export type PooledConsult = Consult & { poolContext: PoolContext | null };

/** A clinician's own choice about texts for eConsult messages. */
export interface TextChoice {
  optIn: boolean;
  phone: string | null;
  optedInAt: string | null;
}

/** GET /api/econsults/overdue (server/econsults/overdue-routes.ts). */
export interface OverdueList {
  targetHours: number;
  consults: {
    consultId: string;
    status: 'pooled' | 'claimed' | 'awaiting_pcp';
    urgency: string;
    practiceName: string;
    requestedByName: string;
    claimedByName: string | null;
    queuedAt: string | null;
    hoursSinceFiled: number | null;
    overdueSince: string;
    awaitingPcpSince: string | null;
  }[];
}

export const econsultsApi = {
  textChoice: () => api.get<TextChoice>('/api/me/econsult-texts'),
  setTextChoice: (c: { optIn: true; phone: string } | { optIn: false }) =>
    api.put<{ optIn: boolean }>('/api/me/econsult-texts', c),
  pool: () =>
    api
      .get<{ consults: PooledConsult[] }>('/api/econsults/pool')
      .then((r) =>
        r.consults.sort(
          (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
        ),
      ),
  claim: (id: string) =>
    api.post<{ consult: Consult }>(`${base(id)}/claim`).then((r) => r.consult),
  messages: (id: string) =>
    api
      .get<{ messages: ThreadMessage[] }>(`${base(id)}/messages`)
      .then((r) => r.messages),
  post: (id: string, body: string) =>
    api
      .post<{ message: ThreadMessage }>(`${base(id)}/messages`, { body })
      .then((r) => r.message),
  /** Coordinators: eConsults past their reply target, still waiting. */
  overdue: () => api.get<OverdueList>('/api/econsults/overdue'),
  unread: () =>
    api.get<{
      total: number;
      byConsult: { consultId: string; unread: number }[];
    }>('/api/econsults/unread'),
  attachments: (id: string) =>
    api
      .get<{ attachments: Attachment[] }>(`${base(id)}/attachments`)
      .then((r) => r.attachments),
  upload: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api
      .upload<{ attachment: Attachment }>(`${base(id)}/attachments`, form)
      .then((r) => r.attachment);
  },
  /** Always a download (the server sends Content-Disposition: attachment). */
  download: (a: Attachment) =>
    api.download(
      `${base(a.consultId)}/attachments/${a.id}`,
      undefined,
      a.fileName,
    ),
  convert: (id: string, to: 'clinician_consult' | 'direct_evaluation') =>
    api
      .post<{ consult: Consult }>(`${base(id)}/convert`, { to })
      .then((r) => r.consult),
  /** The consult with its patient, as the consult pages read it. */
  get: (id: string) => consultsApi.get(id),
};

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
