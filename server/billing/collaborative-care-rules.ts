import { localDate, monthBounds, monthOf } from './calendar-days';
import type {
  CodingResult,
  EnrollmentFact,
  LineDraft,
  PatientMonthFacts,
  Reason,
} from './billing-facts';
import { checkConsent } from './consent-check';
import { teamTime, timeReason, type MonthTime } from './care-month-time';
import { effectiveEntries } from './ledger-entries';
import { draftLine } from './line-draft';

/**
 * Collaborative care (99492/99493/99494, G2214) and general BHI (99484) for
 * one patient and one calendar month in the program's time zone. Pure.
 */
export function codeCollaborativeCare(f: PatientMonthFacts): CodingResult {
  const notes: Reason[] = [];
  const lines: LineDraft[] = [];
  const month = monthBounds(f.month, f.timeZone);
  const firstDay = `${f.month}-01`;
  const lastDay = localDate(month.end - 1, f.timeZone);
  const active = (kind: EnrollmentFact['kind']) =>
    f.enrollments.find(
      (e) =>
        e.kind === kind &&
        e.startDate <= lastDay &&
        (e.endDate === null || e.endDate >= firstDay),
    );
  const cocm = active('cocm');
  const bhi = active('bhi');
  if (!cocm && !bhi)
    return {
      lines,
      notes: [
        {
          rule: 'enrollment.none',
          outcome: 'info',
          message: `Not enrolled in collaborative care or BHI in ${f.month}.`,
        },
      ],
    };
  const monthOpen = f.now < month.end;
  const entries = effectiveEntries(f.ledger).filter(
    (e) =>
      e.activity === 'care_management' &&
      (f.rules.collaborativeCare.countTeamTime || e.role === 'care_manager'),
  );

  let cocmBillable = false;
  if (cocm) {
    const t = teamTime(entries, cocm, month, f.timeZone);
    const result = cocmLines(f, cocm, t, monthOpen);
    if ('note' in result) notes.push(result.note);
    else {
      lines.push(...result.lines);
      cocmBillable = result.lines.some((l) => l.status !== 'blocked');
    }
  }
  if (bhi) {
    const t = teamTime(entries, bhi, month, f.timeZone);
    const result = bhiLine(f, bhi, t, monthOpen, cocmBillable);
    if ('note' in result) notes.push(result.note);
    else lines.push(result.line);
  }
  return { lines, notes };
}

type LinesOrNote = { lines: LineDraft[] } | { note: Reason };

function cocmLines(
  f: PatientMonthFacts,
  enrollment: EnrollmentFact,
  t: MonthTime,
  monthOpen: boolean,
): LinesOrNote {
  const r = f.rules.collaborativeCare;
  const first = monthOf(enrollment.startDate) === f.month;
  const [code, from, base] = first
    ? [r.firstMonthCode, r.firstMonthFromMinutes, r.firstMonthBaseMinutes]
    : [r.laterMonthCode, r.laterMonthFromMinutes, r.laterMonthBaseMinutes];
  const time = timeReason('Care-manager', t);
  let primary: string;
  const reasons: Reason[] = [time];
  if (t.minutes >= from) {
    primary = code;
    reasons.push({
      rule: first ? 'code.cocm_first_month' : 'code.cocm_later_month',
      outcome: 'allowed',
      message: `${code}: ${first ? 'first' : 'a later'} month of collaborative care, ${t.minutes} min (from ${from} min, the midpoint of ${base}).`,
    });
  } else if (r.g2214Enabled && t.minutes >= r.g2214FromMinutes) {
    primary = r.g2214Code;
    reasons.push({
      rule: 'code.g2214',
      outcome: 'allowed',
      message: `${r.g2214Code}: ${t.minutes} min is under ${from} min for ${code} but at least ${r.g2214FromMinutes} min.`,
    });
  } else {
    return {
      note: {
        ...time,
        rule: 'time.cocm_under_minimum',
        outcome: 'info',
        message: `${t.minutes} min of care-manager time in ${f.month} is under ${from} min for ${code}${r.g2214Enabled ? ` and ${r.g2214FromMinutes} min for ${r.g2214Code}` : ''}.`,
      },
    };
  }
  const shared = monthReasons(f, t, monthOpen, 'collaborative care');
  const bhiElsewhere = f.priorLines.find(
    (p) =>
      p.code === r.bhiCode &&
      monthOf(p.dateOfService) === f.month &&
      (p.status === 'ready' || p.status === 'held'),
  );
  if (bhiElsewhere)
    shared.reasons.push({
      rule: 'exclusion.bhi_same_month',
      outcome: 'blocked',
      message: `${r.bhiCode} is already billed for this patient in ${f.month}; collaborative-care codes cannot be billed in the same month.`,
      data: { priorLineKey: bhiElsewhere.lineKey },
    });
  const mk = (lineKey: string, c: string, units: number, extra: Reason[]) =>
    draftLine(
      {
        programId: f.programId,
        patientId: f.patientId,
        consultId: null,
        payer: f.payer,
        rules: f.rules,
        clinicians: f.clinicians,
      },
      {
        lineKey,
        code: c,
        units,
        clinicianId: enrollment.billingClinicianId,
        dos: shared.dos,
        minutes: t.minutes,
        reasons: [...reasons, ...extra, ...shared.reasons],
        consentId: shared.consentId,
        pos: r.placeOfService,
      },
    );
  const lines = [mk(`cocm:${f.patientId}:${f.month}:primary`, primary, 1, [])];
  if (primary === code) {
    const past = t.minutes - base - r.addOnMidpointMinutes;
    const units = past >= 0 ? Math.floor(past / r.addOnBlockMinutes) + 1 : 0;
    if (units > 0) {
      lines.push(
        mk(`cocm:${f.patientId}:${f.month}:addon`, r.addOnCode, units, [
          {
            rule: 'code.cocm_add_on',
            outcome: 'allowed',
            message: `${r.addOnCode} x${units}: ${t.minutes - base} min past the first ${base}; a ${r.addOnBlockMinutes}-min unit counts from its ${r.addOnMidpointMinutes}th minute.`,
          },
        ]),
      );
    }
  }
  return { lines };
}

function bhiLine(
  f: PatientMonthFacts,
  enrollment: EnrollmentFact,
  t: MonthTime,
  monthOpen: boolean,
  cocmBillable: boolean,
): { line: LineDraft } | { note: Reason } {
  const r = f.rules.collaborativeCare;
  const time = timeReason('Behavioral health integration', t);
  if (t.minutes < r.bhiFromMinutes)
    return {
      note: {
        ...time,
        rule: 'time.bhi_under_minimum',
        outcome: 'info',
        message: `${t.minutes} min of BHI time in ${f.month} is under ${r.bhiFromMinutes} min for ${r.bhiCode}.`,
      },
    };
  const shared = monthReasons(f, t, monthOpen, 'behavioral health integration');
  const reasons: Reason[] = [
    time,
    {
      rule: 'code.bhi',
      outcome: 'allowed',
      message: `${r.bhiCode}: ${t.minutes} min of general behavioral health integration (from ${r.bhiFromMinutes} min).`,
    },
    ...shared.reasons,
  ];
  const cocmCodes = [
    r.firstMonthCode,
    r.laterMonthCode,
    r.addOnCode,
    r.g2214Code,
  ];
  const cocmElsewhere = f.priorLines.some(
    (p) =>
      cocmCodes.includes(p.code) &&
      monthOf(p.dateOfService) === f.month &&
      (p.status === 'ready' || p.status === 'held') &&
      !p.lineKey.startsWith(`cocm:${f.patientId}:${f.month}:`),
  );
  if (cocmBillable || cocmElsewhere)
    reasons.push({
      rule: 'exclusion.bhi_same_month',
      outcome: 'blocked',
      message: `Collaborative-care codes are billed for this patient in ${f.month}; ${r.bhiCode} cannot be billed in the same month.`,
    });
  const line = draftLine(
    {
      programId: f.programId,
      patientId: f.patientId,
      consultId: null,
      payer: f.payer,
      rules: f.rules,
      clinicians: f.clinicians,
    },
    {
      lineKey: `bhi:${f.patientId}:${f.month}`,
      code: r.bhiCode,
      clinicianId: enrollment.billingClinicianId,
      dos: shared.dos,
      minutes: t.minutes,
      reasons,
      consentId: shared.consentId,
      pos: r.placeOfService,
    },
  );
  return { line };
}

/** Consent and the "month still open" hold, shared by every monthly code. */
function monthReasons(
  f: PatientMonthFacts,
  t: MonthTime,
  monthOpen: boolean,
  what: string,
): { dos: string; consentId: string | null; reasons: Reason[] } {
  const r = f.rules.collaborativeCare;
  const dos = localDate(t.lastWorkAt ?? f.now, f.timeZone);
  const consent = checkConsent(
    f.consents,
    {
      kind: 'collaborative_care',
      required: r.requiresConsent,
      needsCostSharingNotice: r.requiresCostSharingNotice,
      consultId: null,
      patientLevelValidDays: null,
    },
    dos,
    f.timeZone,
  );
  const reasons = [consent.reason];
  if (monthOpen)
    reasons.push({
      rule: 'month.open',
      outcome: 'held',
      message: `${f.month} is not over: more ${what} time may still change the code or units.`,
    });
  return { dos, consentId: consent.consentId, reasons };
}
