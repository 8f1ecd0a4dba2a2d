import { useState } from 'react';
import { t, type Lang } from './i18n';
import { visitApi } from './visit-api';

type Place = 'home' | 'elsewhere';

/**
 * Asked while waiting: is the patient at home? A telehealth visit is billed
 * with place of service 10 at home, 02 elsewhere; the clinician confirms.
 * Answering is optional and can be changed until the visit starts.
 */
export function LocationQuestion({
  lang,
  token,
}: {
  lang: Lang;
  token: string;
}) {
  const [answer, setAnswer] = useState<Place | null>(null);
  const [failed, setFailed] = useState(false);
  const choose = (place: Place) => {
    setFailed(false);
    visitApi.reportLocation(token, place).then(
      () => setAnswer(place),
      () => setFailed(true),
    );
  };
  return (
    <fieldset className="location-question">
      <legend>{t(lang, 'location_question')}</legend>
      {(['home', 'elsewhere'] as const).map((place) => (
        <button
          key={place}
          type="button"
          className="button"
          aria-pressed={answer === place}
          onClick={() => choose(place)}
        >
          {t(lang, place === 'home' ? 'location_home' : 'location_elsewhere')}
        </button>
      ))}
      {answer ? <p role="status">{t(lang, 'location_saved')}</p> : null}
      {failed ? <p role="alert">{t(lang, 'error_generic')}</p> : null}
    </fieldset>
  );
}
