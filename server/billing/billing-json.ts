import { z } from 'zod';
import type { BillingExport, BillingLine, LineView } from './billing-desk';

/**
 * Billing lines and exports as the API sends them: the reply schemas the
 * routes declare, and the mapping from the stored rows.
 */
const reasonSchema = z.object({
  rule: z.string(),
  outcome: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export const lineSchema = z.object({
  id: z.uuid(),
  lineKey: z.string(),
  version: z.number(),
  status: z.enum(['ready', 'held', 'blocked', 'void', 'exported']),
  code: z.string(),
  units: z.number(),
  patientId: z.uuid(),
  consultId: z.uuid().nullable(),
  billingClinicianId: z.uuid(),
  billingClinicianNpi: z.string().nullable(),
  dateOfService: z.string(),
  placeOfService: z.string(),
  modifiers: z.array(z.string()),
  minutes: z.number(),
  consentId: z.uuid().nullable(),
  payer: z.string(),
  feeCents: z.number().nullable(),
  reasons: z.array(reasonSchema),
  computedAt: z.string(),
});
/** One billing line as the routes send it (tests read replies with it). */
export type BillingLineJson = z.infer<typeof lineSchema>;
export const exportSchema = z.object({
  id: z.uuid(),
  period: z.string(),
  format: z.enum(['csv', 'fhir']),
  sha256: z.string(),
  lineCount: z.number(),
  createdBy: z.uuid(),
  createdAt: z.string(),
});

/** A line as the API shows it; in the biller's view an exported ready line shows as "exported". */
export function lineJson(l: BillingLine | LineView) {
  const { contentHash: _h, programId: _p, computedAt, ...rest } = l;
  const status = 'viewStatus' in l ? l.viewStatus : l.status;
  const {
    viewStatus: _v,
    exported: _e,
    ...line
  } = rest as typeof rest & { viewStatus?: unknown; exported?: unknown };
  return { ...line, status, computedAt: computedAt.toISOString() };
}
export const exportJson = ({ programId: _p, ...e }: BillingExport) => ({
  ...e,
  createdAt: e.createdAt.toISOString(),
});
