import { localDate } from './calendar-days';
import type {
  CodingResult,
  ConsultBillingFacts,
  LineDraft,
  Reason,
} from './billing-facts';
import {
  countedSpans,
  describeTime,
  type ClinicianTime,
} from './clinician-time';
import { checkConsent } from './consent-check';
import { encounterReasons } from './consultant-encounter-rules';
import { checkFrequency } from './frequency-check';
import { consultTime } from './consult-time';
import { draftLine, type DraftParts } from './line-draft';

/**
 * Interprofessional consult codes for one request (CPT 99446-99449, 99451,
 * 99452). Pure: the facts in, lines with their reasons out.
 */
export function codeInterprofessional(f: ConsultBillingFacts): CodingResult {
  const time = consultTime(f);
  const notes: Reason[] = [];
  if (time.unfinishedCalls.length) {
    notes.push({
      rule: 'time.call_unfinished',
      outcome: 'info',
      message:
        'A call has no end event yet; its time is counted only up to its last event.',
      data: { callIds: time.unfinishedCalls },
    });
  }
  const lines: LineDraft[] = [];
  if (time.consultant && f.consult.consultantRole === 'bh_clinician') {
    notes.push(behavioralHealthConsultantNote(time.consultant));
  } else if (time.consultant) {
    const line = consultantLine(f, time.consultant, time.consultantHadCall);
    if ('note' in line) notes.push(line.note);
    else lines.push(line.line);
  } else {
    notes.push({
      rule: 'consultant.none',
      outcome: 'info',
      message:
        'No consultant is assigned, so there is no consultant time to bill.',
    });
  }
  const req = requestingLine(f, time.requesting);
  if ('note' in req) notes.push(req.note);
  else lines.push(req.line);
  return { lines, notes };
}

type LineOrNote = { line: LineDraft } | { note: Reason };

/**
 * A warm handoff is answered by a behavioral health clinician: their time
 * is never psychiatric consultant work, whatever its length. It is said,
 * with the minutes, so "why no 99446" has an answer.
 */
function behavioralHealthConsultantNote(t: ClinicianTime): Reason {
  return {
    rule: 'consultant.behavioral_health',
    outcome: 'info',
    message:
      `${t.minutes} min of a behavioral health clinician (a warm handoff), ` +
      'not a psychiatric consultant: never coded as 99446-99449 or 99451. ' +
      "The episode's sessions count toward collaborative care or BHI " +
      'minutes when the patient is enrolled; a behavioral-health-only ' +
      'consultant bills Medicare with G0546-G0551 (verify per payer).',
    data: { minutes: t.minutes },
  };
}

function timeReason(who: string, t: ClinicianTime): Reason {
  return {
    rule: `time.${who}`,
    outcome: 'counted',
    message: `${who === 'consultant' ? 'Consultant' : 'Requesting clinician'} time, cumulative over all contacts: ${describeTime(t)}.`,
    data: {
      minutes: t.minutes,
      spans: countedSpans(t),
      unanchoredEntryIds: t.unanchoredEntryIds,
      overlapSeconds: Math.round(t.overlapMs / 1000),
    },
  };
}

function consultantLine(
  f: ConsultBillingFacts,
  t: ClinicianTime,
  hadCall: boolean,
): LineOrNote {
  const r = f.rules.interprofessional;
  const reasons: Reason[] = [timeReason('consultant', t)];
  if (t.minutes < r.minimumMinutes) {
    return {
      note: {
        ...reasons[0]!,
        rule: 'time.under_minimum',
        outcome: 'info',
        message: `${t.minutes} min of consultant time is under the ${r.minimumMinutes}-minute minimum: nothing to bill.`,
      },
    };
  }
  const report = f.report;
  const signed = report?.signedAt != null;
  const dos = signed
    ? localDate(report!.signedAt!, f.timeZone)
    : localDate(t.lastWorkAt ?? f.now, f.timeZone);
  const verbal = hadCall || (report?.verbalDiscussion ?? false);
  const share = t.totalMs > 0 ? t.ms.discussion / t.totalMs : 0;
  const sharePct = Math.round(share * 1000) / 10;
  let code: string;
  if (verbal && share > r.discussionShareOver) {
    const band = r.bands.find(
      (b) =>
        t.minutes >= b.fromMinutes &&
        (b.toMinutes === null || t.minutes <= b.toMinutes),
    );
    if (!band)
      return {
        note: {
          rule: 'time.no_band',
          outcome: 'info',
          message: `No band of this payer covers ${t.minutes} min.`,
        },
      };
    code = band.code;
    reasons.push({
      rule: 'code.band',
      outcome: 'allowed',
      message: `${code}: ${t.minutes} min is in the ${band.fromMinutes}-${band.toMinutes ?? '∞'} min band, with a verbal discussion (${hadCall ? 'a call' : 'attested in the report'}) and ${sharePct}% of the time in discussion (more than ${r.discussionShareOver * 100}%).`,
      data: { discussionShare: share },
    });
  } else if (t.minutes >= r.writtenOnlyFromMinutes) {
    code = r.writtenOnlyCode;
    const why = !verbal
      ? 'no verbal discussion took place'
      : `only ${sharePct}% of the time was discussion (needs more than ${r.discussionShareOver * 100}%)`;
    reasons.push({
      rule: 'code.written_only',
      outcome: 'allowed',
      message: `${code}: ${t.minutes} min with a written report; not ${r.bands[0]!.code}-${r.bands[r.bands.length - 1]!.code} because ${why}.`,
      data: { discussionShare: share, verbal },
    });
  } else {
    return {
      note: {
        rule: 'time.under_minimum',
        outcome: 'info',
        message: `${t.minutes} min without a qualifying discussion is under the ${r.writtenOnlyFromMinutes}-minute minimum for ${r.writtenOnlyCode}.`,
      },
    };
  }
  reasons.push(
    signed
      ? {
          rule: 'report.signed',
          outcome: 'allowed',
          message: `Written report signed on ${dos} and delivered to the requesting clinician.`,
          data: { reportId: report!.id },
        }
      : {
          rule: 'report.unsigned',
          outcome: 'held',
          message:
            'The written report is not signed yet; the consultant code needs it.',
        },
  );
  const lineKey = `ip:${f.consult.id}:consultant`;
  const consent = checkConsent(
    f.consents,
    {
      kind: 'interprofessional',
      required: r.requiresConsent,
      needsCostSharingNotice: r.requiresCostSharingNotice,
      consultId: f.consult.id,
      patientLevelValidDays: r.patientConsentValidDays,
    },
    dos,
    f.timeZone,
  );
  reasons.push(consent.reason);
  reasons.push(...encounterReasons(f, dos));
  const consultantCodes = [...r.bands.map((b) => b.code), r.writtenOnlyCode];
  reasons.push(
    checkFrequency(
      f.priorLines,
      consultantCodes,
      r.consultantFrequencyDays,
      dos,
      lineKey,
      'frequency.consultant_7_days',
    ) ?? {
      rule: 'frequency.consultant_7_days',
      outcome: 'allowed',
      message: `No other consultant code for this patient within ${r.consultantFrequencyDays} days.`,
    },
  );
  return {
    line: draft(f, {
      lineKey,
      code,
      clinicianId: f.consult.consultantId!,
      dos,
      minutes: t.minutes,
      reasons,
      consentId: consent.consentId,
      pos: r.placeOfService,
    }),
  };
}

function requestingLine(f: ConsultBillingFacts, t: ClinicianTime): LineOrNote {
  const r = f.rules.interprofessional;
  const time = timeReason('requesting', t);
  if (t.minutes < r.requestingFromMinutes) {
    return {
      note: {
        ...time,
        rule: 'time.requesting_under_minimum',
        outcome: 'info',
        message: `${t.minutes} min of requesting-clinician time is under the ${r.requestingFromMinutes} min needed for ${r.requestingCode}.`,
      },
    };
  }
  const dos = localDate(t.lastWorkAt ?? f.consult.requestedAt, f.timeZone);
  const lineKey = `ip:${f.consult.id}:requesting`;
  const reasons: Reason[] = [
    time,
    {
      rule: 'code.requesting',
      outcome: 'allowed',
      message: `${r.requestingCode}: ${t.minutes} min of referral preparation and discussion with the consultant (from ${r.requestingFromMinutes} min).`,
    },
  ];
  const consent = checkConsent(
    f.consents,
    {
      kind: 'interprofessional',
      required: r.requiresConsent,
      needsCostSharingNotice: r.requiresCostSharingNotice,
      consultId: f.consult.id,
      patientLevelValidDays: r.patientConsentValidDays,
    },
    dos,
    f.timeZone,
  );
  reasons.push(consent.reason);
  reasons.push(
    checkFrequency(
      f.priorLines,
      [r.requestingCode],
      r.requestingFrequencyDays,
      dos,
      lineKey,
      'frequency.requesting_14_days',
    ) ?? {
      rule: 'frequency.requesting_14_days',
      outcome: 'allowed',
      message: `No other ${r.requestingCode} for this patient within ${r.requestingFrequencyDays} days.`,
    },
  );
  return {
    line: draft(f, {
      lineKey,
      code: r.requestingCode,
      clinicianId: f.consult.requestedBy,
      dos,
      minutes: t.minutes,
      reasons,
      consentId: consent.consentId,
      pos: r.placeOfService,
    }),
  };
}

const draft = (f: ConsultBillingFacts, p: DraftParts) =>
  draftLine(
    {
      programId: f.consult.programId,
      patientId: f.consult.patientId,
      consultId: f.consult.id,
      payer: f.payer,
      rules: f.rules,
      clinicians: f.clinicians,
    },
    p,
  );
