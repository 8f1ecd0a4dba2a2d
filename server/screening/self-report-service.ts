import { randomUUID } from 'node:crypto';
import { renderSVG } from 'uqr';
import type { AuditLog } from '../audit/audit-log';
import type { CareReader } from '../care/care-reader';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { runStatement } from '../db/statement';
import { AppError, badRequest, invalidFields } from '../errors';
import { ageOn } from '../patients/patient';
import { findPatient } from '../patients/patient-repository';
import type { SmsSender } from '../telephony/sms-sender';
import { inviteBaseUrl } from '../visits/invite-base-url';
import {
  hashSecretToken,
  looksLikeSecretToken,
  mintSecretToken,
} from '../visits/secret-token';
import type {
  NewScreeningLink,
  SelfReportForm,
} from '../../signaling/protocol/rest/self-report';
import type { AssessmentService } from './assessment-service';
import type { Instrument, Language } from './instrument';
import { findInstrument, instrumentIds } from './instruments';
import { scoreAssessment } from './score-assessment';
import {
  findUsableLink,
  linkInsert,
  recordLinkAssessment,
  setMessageSid,
  spendLink,
  type ScreeningLink,
} from './screening-link-repository';
import { selfReportText } from './self-report-text';

export interface SelfReportDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  config: Pick<Config, 'PUBLIC_URL' | 'NODE_ENV'>;
  selfUrl?: () => string | undefined;
  /** Null when Twilio is not configured: links are shown as QR only. */
  sms: SmsSender | null;
  assessments: AssessmentService;
}

/** Long enough to answer at home the same week, short enough to go stale. */
export const SELF_REPORT_TTL_HOURS = 72;

const gone = () =>
  new AppError(
    'gone',
    'link_used_or_expired',
    'This link was already used or has expired. Ask your clinic for a new one.',
  );

/**
 * Patient self-report: a single-use link (the visit invite's token code:
 * 256-bit bearer secret, only its hash stored) that a clinician texts, after
 * the person agreed to texts, or shows as a QR code. The form carries only
 * published wording the instrument's terms let us reproduce; the answers
 * are scored and stored like any assessment (the safety loop included),
 * and the patient learns nothing back but "thank you" and crisis lines.
 */
export class SelfReportService {
  constructor(private readonly deps: SelfReportDeps) {}

  async create(
    care: CareReader,
    patientId: string,
    body: NewScreeningLink,
  ): Promise<{
    id: string;
    url: string;
    expiresAt: Date;
    qrSvg: string | null;
  }> {
    const patient = await care.patientToChange(
      patientId,
      'screening_link.create',
      'screening',
    );
    const instrument = this.selfReportInstrument(
      body.instrument,
      body.language,
    );
    if (!instrument.respondents.includes(body.respondent))
      throw invalidFields([
        {
          field: 'respondent',
          message: `${instrument.name} is not answered by a ${body.respondent}`,
        },
      ]);
    const now = this.deps.clock.now();
    const age = ageOn(patient.birthDate, now);
    const ages = instrument.ages;
    if (ages && (age < ages.min || (ages.max !== undefined && age > ages.max)))
      throw invalidFields([
        {
          field: 'instrument',
          message: `${instrument.name} is meant for ages ${ages.min}${ages.max === undefined ? '+' : `-${ages.max}`}; enter it as a clinician with an override`,
        },
      ]);
    if (body.delivery === 'sms' && !this.deps.sms)
      throw new AppError(
        'unavailable',
        'sms_not_configured',
        'Texting is not set up on this server. Show the QR code instead.',
      );
    const token = mintSecretToken();
    const url = `${inviteBaseUrl(this.deps.config, this.deps.selfUrl?.())}/screen#${token}`;
    const link: ScreeningLink = {
      id: randomUUID(),
      tokenHash: hashSecretToken(token),
      patientId: patient.id,
      instrument: instrument.id,
      language: body.language,
      respondent: body.respondent,
      orderedBy: care.who.userId,
      delivery: body.delivery,
      smsConsentAt: body.delivery === 'sms' ? now : null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SELF_REPORT_TTL_HOURS * 3_600_000),
    };
    // Stored first: if the text cannot be sent, the link is rolled back.
    await this.deps.db.transaction(async (tx) => {
      await runStatement(tx, linkInsert(link));
      let messageSid: string | null = null;
      if (body.delivery === 'sms') {
        const sent = await this.deps.sms!.send(
          body.phone,
          selfReportText(body.language, url),
        );
        messageSid = sent.sid;
        await setMessageSid(tx, link.id, sent.sid);
      }
      await this.deps.audit.record(
        {
          ...care.actor,
          action: 'screening_link.create',
          patientId: patient.id,
          resourceType: 'screening_link',
          resourceId: link.id,
          details: {
            instrument: instrument.id,
            delivery: body.delivery,
            language: body.language,
            ...(messageSid ? { messageSid } : {}),
          },
        },
        tx,
      );
    });
    return {
      id: link.id,
      url,
      expiresAt: link.expiresAt,
      qrSvg: body.delivery === 'qr' ? renderSVG(url) : null,
    };
  }

  /** The form behind a link; reading it spends nothing. */
  async form(token: string): Promise<SelfReportForm> {
    const link = await this.usable(token);
    const instrument = findInstrument(link.instrument)!;
    const lang = link.language;
    const text = (t: Partial<Record<Language, string>> | undefined) =>
      t?.[lang] ?? '';
    return {
      language: lang,
      respondent: link.respondent,
      title: instrument.name,
      stem: instrument.stem ? text(instrument.stem) : null,
      items: instrument.items.map((item) => ({
        text: text(item.text),
        optional: item.optional === true,
        options: item.answers.options.map((o) => text(o.text)),
      })),
    };
  }

  /**
   * Spends the link with its answers: checked first (a bad answer leaves the
   * link usable), then, in one transaction, the link is spent by a
   * conditional UPDATE (a second submit waits on its row lock and finds it
   * spent), the assessment is stored with its audit row and any safety
   * alert, and the link is pointed at it. A failure anywhere in there rolls
   * the spend back, so the person can send the same answers again rather
   * than lose them to a spent link.
   */
  async submit(
    token: string,
    items: (number | null)[],
    origin: { requestId: string; clientIp: string },
  ): Promise<{ crisisResources: boolean }> {
    const link = await this.usable(token);
    const patient = (await findPatient(this.deps.db, link.patientId))!;
    const now = this.deps.clock.now();
    const checked = scoreAssessment(link.instrument, items, {
      ageYears: ageOn(patient.birthDate, now),
      answeredBy: link.respondent,
    });
    if (checked.status === 'rejected') throw invalidFields(checked.problems);
    const assessment = await this.deps.assessments.record(
      patient,
      {
        instrument: link.instrument,
        items,
        answeredBy: link.respondent,
        answeredAt: now,
        orderedBy: link.orderedBy,
        enteredBy: null,
      },
      { actorLabel: 'screening-link', ...origin },
      {
        before: async (tx) => {
          if (!(await spendLink(tx, link.id, now))) throw gone();
        },
        after: (tx, assessmentId) =>
          recordLinkAssessment(tx, link.id, assessmentId),
      },
    );
    return { crisisResources: assessment.flags.length > 0 };
  }

  private async usable(token: string): Promise<ScreeningLink> {
    if (!looksLikeSecretToken(token)) throw gone();
    const link = await findUsableLink(
      this.deps.db,
      hashSecretToken(token),
      this.deps.clock.now(),
    );
    if (!link) throw gone();
    return link;
  }

  /** An instrument we may put in front of a patient in `language`. */
  private selfReportInstrument(id: string, language: Language): Instrument {
    const instrument = findInstrument(id);
    if (!instrument)
      throw badRequest(
        'unknown_instrument',
        `unknown instrument '${id}'; valid: ${instrumentIds().join(', ')}`,
        { validInstrumentIds: instrumentIds() },
      );
    if (!instrument.selfReportAllowed)
      throw badRequest(
        'self_report_unavailable',
        `${instrument.name} is entered by a clinician: its patient wording ` +
          `is not verified or its terms do not allow reproducing it (${instrument.terms})`,
      );
    if (!instrument.languages.includes(language))
      throw badRequest(
        'self_report_language_unavailable',
        `${instrument.name} has no verified ${language === 'es' ? 'Spanish' : 'English'} ` +
          `wording yet; send it in ${instrument.languages.join(', ')} or enter it as a clinician`,
      );
    return instrument;
  }
}
