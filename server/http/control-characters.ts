import type { FieldProblem } from '../errors';

/**
 * C0 control characters other than tab, line feed and carriage return, and
 * DEL. PostgreSQL cannot store NUL in text at all (the write fails), and the
 * others have no place in a name, a code or an id.
 */
function isControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    code === 0x7f
  );
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++)
    if (isControl(s.charCodeAt(i))) return true;
  return false;
}

function withoutControl(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++)
    if (!isControl(s.charCodeAt(i))) out += s[i];
  return out;
}

/**
 * Free text a clinician pastes from an EHR, where stray control characters
 * (a NUL terminator, a form feed at a page break) come along with the paste.
 * In these fields they are removed silently; everywhere else the request is
 * refused with 400 naming the field, so nothing is stored altered.
 */
export const PASTED_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'clinicalQuestion',
  'question',
  'assessment',
  'recommendations',
  'medicationGuidance',
  'followUp',
  'notes',
  'note',
  'summary',
]);

export interface ControlCharacterScan<T> {
  /** The input with pasted-text fields cleaned (a copy when anything changed). */
  value: T;
  /** Fields outside pasted text that hold control characters. */
  problems: FieldProblem[];
}

const MESSAGE = 'must not contain control characters';

/** Walks a parsed JSON body, query or params object; `where` names the root. */
export function scanControlCharacters<T>(
  input: T,
  where: string,
): ControlCharacterScan<T> {
  const problems: FieldProblem[] = [];
  const walk = (v: unknown, path: string[]): unknown => {
    if (typeof v === 'string') {
      if (!hasControl(v)) return v;
      const key = path[path.length - 1];
      if (key !== undefined && PASTED_TEXT_FIELDS.has(key))
        return withoutControl(v);
      problems.push({ field: path.join('.') || where, message: MESSAGE });
      return v;
    }
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((item, i) => {
        const next = walk(item, [...path, String(i)]);
        if (next !== item) changed = true;
        return next;
      });
      return changed ? out : v;
    }
    if (v && typeof v === 'object') {
      let out: Record<string, unknown> | null = null;
      for (const [k, item] of Object.entries(v)) {
        if (hasControl(k))
          problems.push({ field: [...path, k].join('.'), message: MESSAGE });
        const next = walk(item, [...path, k]);
        if (next !== item) {
          out ??= { ...(v as Record<string, unknown>) };
          // defineProperty: a key named __proto__ stays plain data.
          Object.defineProperty(out, k, {
            value: next,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      return out ?? v;
    }
    return v;
  };
  return { value: walk(input, []) as T, problems };
}
