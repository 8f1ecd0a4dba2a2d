import { z } from 'zod';
import type { $ZodRawIssue } from 'zod/v4/core';

/**
 * The sentences a clinician reads when a field is wrong and its schema gave
 * no message of its own: zod's defaults ("Invalid UUID", "Too small:
 * expected string to have >=1 characters") are for developers. A schema's
 * own message always wins over these. Never quotes the input: it may be
 * patient data.
 */
type Issue = $ZodRawIssue;

const FORMATS: Record<string, string> = {
  uuid: 'must be chosen from the list (it is not a known id)',
  email: 'must be an email address',
  datetime: 'must be a date and time',
  date: 'must be a date (YYYY-MM-DD)',
  e164: 'must be a phone number with country code, such as +16175550100',
  url: 'must be a web address',
};

function sized(i: { origin?: string }, n: number, side: 'min' | 'max') {
  const least = side === 'min' ? 'at least' : 'at most';
  switch (i.origin) {
    case 'string':
      return side === 'min' && n === 1
        ? 'is required'
        : `must be ${least} ${n} characters`;
    case 'array':
    case 'set':
      return side === 'min' && n === 1
        ? 'needs at least one choice'
        : `must have ${least} ${n} items`;
    default:
      return `must be ${least} ${n}`;
  }
}

export function plainIssueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'is not in the expected format';
    case 'too_small':
      return sized(issue, Number(issue.minimum), 'min');
    case 'too_big':
      return sized(issue, Number(issue.maximum), 'max');
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `${issue.keys.length > 1 ? 'are fields' : 'is a field'} this form does not take: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
}

/** Makes the sentences above zod's defaults for this process. */
export function installPlainZodMessages(): void {
  z.config({ customError: plainIssueMessage });
}
