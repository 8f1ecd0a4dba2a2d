import { z } from 'zod';

/**
 * Self-report links (a clinician sends a screening; the patient or guardian
 * answers on their phone) and the public form they open.
 */

const e164 = z
  .string()
  .trim()
  .regex(
    /^\+[1-9]\d{6,14}$/,
    'must be an E.164 phone number such as +16175550100',
  );

export const newScreeningLinkSchema = z.discriminatedUnion('delivery', [
  z
    .object({
      delivery: z.literal('qr'),
      instrument: z.string().trim().min(1).max(40),
      respondent: z.enum(['patient', 'guardian']),
      language: z.enum(['en', 'es']),
    })
    .strict(),
  z
    .object({
      delivery: z.literal('sms'),
      instrument: z.string().trim().min(1).max(40),
      respondent: z.enum(['patient', 'guardian']),
      language: z.enum(['en', 'es']),
      phone: e164,
      /** The sender confirms the person agreed to receive texts. */
      smsConsent: z.literal(true, 'must be true: ask before texting'),
    })
    .strict(),
]);
export type NewScreeningLink = z.infer<typeof newScreeningLinkSchema>;

export const screeningLinkSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  expiresAt: z.string(),
  delivery: z.enum(['qr', 'sms']),
  /** SVG of the link as a QR code, for the clinic's tablet. */
  qrSvg: z.string().nullable(),
});

export const tokenBodySchema = z
  .object({ token: z.string().min(1).max(100) })
  .strict();

/** What the patient's page shows: the published wording, nothing else. */
export const selfReportFormSchema = z.object({
  language: z.enum(['en', 'es']),
  respondent: z.enum(['patient', 'guardian']),
  title: z.string(),
  stem: z.string().nullable(),
  items: z.array(
    z.object({
      text: z.string(),
      optional: z.boolean(),
      options: z.array(z.string()),
    }),
  ),
});
export type SelfReportForm = z.infer<typeof selfReportFormSchema>;

export const selfReportAnswersSchema = z
  .object({
    token: z.string().min(1).max(100),
    items: z.array(z.number().int().nullable()).max(200),
  })
  .strict();

/** All the patient ever learns about their answers. */
export const selfReportReceiptSchema = z.object({
  thankYou: z.literal(true),
  /** A safety item was positive: show 988 and 911 now. */
  crisisResources: z.boolean(),
});
