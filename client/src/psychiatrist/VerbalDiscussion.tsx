import type { TimeSummary } from '../api/billing-api';
import { Checkbox, TextField } from '../ui/Field';
import { loggedMinutes } from '../time/logged-minutes';

/** What the psychiatrist says about talking with the requesting clinician. */
export interface OffPlatformDiscussion {
  attested: boolean;
  minutes: string;
}

/**
 * Minutes of platform call in which the psychiatrist and the requesting
 * clinician were both connected: the discussion class of the consultant's
 * counted time, less what was logged by hand as off-platform talk.
 */
export function callDiscussionMinutes(
  t: TimeSummary | undefined,
  me: string,
): number {
  if (!t?.consultant) return 0;
  const all = t.consultant.byClass.discussion ?? 0;
  return Math.max(0, all - loggedMinutes(t.entries, me, 'pcp_discussion'));
}

/**
 * The verbal discussion is read from the call record; the psychiatrist
 * attests only a discussion the platform did not see (an ordinary phone
 * line), with its minutes, which are logged as such when the report is signed.
 */
export function VerbalDiscussion({
  callMinutes,
  value,
  onChange,
  error,
}: {
  callMinutes: number;
  value: OffPlatformDiscussion;
  onChange(v: OffPlatformDiscussion): void;
  error?: string;
}) {
  return (
    <div className="verbal-discussion">
      <p data-testid="call-discussion">
        {callMinutes > 0
          ? `Verbal discussion: ${callMinutes.toFixed(1)} min with the requesting clinician on the platform call (from the call record).`
          : 'No platform call with the requesting clinician is on record.'}
      </p>
      <Checkbox
        label="I also discussed this with the requesting clinician off the platform"
        checked={value.attested}
        onChange={(attested) => onChange({ ...value, attested })}
      />
      {value.attested ? (
        <TextField
          label="Minutes of that discussion"
          inputMode="numeric"
          required
          value={value.minutes}
          onChange={(e) => onChange({ ...value, minutes: e.target.value })}
          error={error}
        />
      ) : null}
    </div>
  );
}
