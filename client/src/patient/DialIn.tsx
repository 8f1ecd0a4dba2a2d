import type { VisitorState } from '../../../signaling/protocol/visit-events';
import { visitCodeLabel } from '../ui/format';
import { t, type Lang } from './i18n';

/** +15555550100 -> (555) 555-0100; other countries stay as dialled. */
export function displayNumber(e164: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
}

/**
 * The phone fallback for a family whose video will not connect: the number
 * and the visit code, and one tap to call that types the code by itself
 * (each comma is a two-second pause while the greeting plays).
 */
export function DialIn({
  lang,
  dialIn,
}: {
  lang: Lang;
  dialIn: NonNullable<VisitorState['dialIn']>;
}) {
  return (
    <aside className="dial-in" aria-labelledby="dial-in-title">
      <h2 id="dial-in-title">{t(lang, 'dial_in_title')}</h2>
      <p>
        {t(lang, 'dial_in_help', {
          number: displayNumber(dialIn.number),
          code: visitCodeLabel(dialIn.code),
        })}
      </p>
      <a className="button big" href={`tel:${dialIn.number},,${dialIn.code}`}>
        {t(lang, 'dial_in_call')}
      </a>
    </aside>
  );
}
