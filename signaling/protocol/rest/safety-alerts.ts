import { z } from 'zod';

/** What a clinician did about a positive safety item. */
export const SAFETY_ACTIONS = [
  'safety_plan',
  'same_day_visit',
  'ed_referral',
  'consult_requested',
  'warm_handoff',
  'mobile_crisis',
  'already_in_care',
  'other',
] as const;
export type SafetyAction = (typeof SAFETY_ACTIONS)[number];

export const SAFETY_ACTION_LABELS: Record<SafetyAction, string> = {
  safety_plan: 'Safety plan made with the patient',
  same_day_visit: 'Same-day visit',
  ed_referral: 'Sent to the emergency department',
  consult_requested: 'Urgent psychiatry consult requested',
  warm_handoff: 'Warm handoff to behavioral health',
  mobile_crisis: 'Mobile crisis team called',
  already_in_care: 'Already in active crisis care',
  other: 'Other (say what)',
};

export const acknowledgementSchema = z
  .object({
    action: z.enum(SAFETY_ACTIONS),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.action === 'other' && !v.note)
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'is required when the action is other',
      });
  });
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;

export const safetyAlertSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  /** Initials only: the banner shows on shared screens. */
  patientInitials: z.string(),
  assessmentId: z.uuid(),
  instrument: z.string(),
  orderedBy: z.uuid(),
  reasons: z.array(z.string()),
  openedAt: z.string(),
  escalateAt: z.string(),
  escalatedAt: z.string().nullable(),
  acknowledgement: z
    .object({
      by: z.uuid(),
      byName: z.string(),
      at: z.string(),
      action: z.enum(SAFETY_ACTIONS),
      note: z.string().nullable(),
      consultId: z.uuid().nullable(),
    })
    .nullable(),
});
export type SafetyAlertJson = z.infer<typeof safetyAlertSchema>;

export const safetyAlertListSchema = z.object({
  alerts: z.array(safetyAlertSchema),
});

export const screeningSettingsSchema = z.object({
  /** Unacknowledged this long, a safety alert escalates once. */
  escalationMinutes: z.number().min(0.1).max(1440),
});
