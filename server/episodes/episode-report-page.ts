import { escapeHtml, paragraphs, when } from '../reports/report-page';
import type { Episode, EpisodeSession } from './episode';
import type { EpisodeReport } from './episode-repository';

const OUTCOME_WORDS: Record<string, string> = {
  resolved_in_primary_care: 'Resolved in primary care',
  continued_care_elsewhere: 'Continued care elsewhere',
  stepped_up_to_psychiatry: 'Stepped up to psychiatry',
};

export interface EpisodePageFacts {
  programName: string;
  timeZone: string;
  practiceName: string;
  patientName: string;
  patientBirthDate: string;
  requesterName: string;
  clinicianName: string;
}

/** The episode report as a self-contained printable page; every value escaped. */
export function renderEpisodeReportPage(
  e: Episode,
  sessions: readonly EpisodeSession[],
  r: EpisodeReport,
  f: EpisodePageFacts,
): string {
  const rows = sessions
    .map(
      (s) =>
        `<tr><td>${s.number}</td><td>${escapeHtml(when(s.heldAt, f.timeZone))}</td><td>${escapeHtml(s.mode.replace('_', ' '))}</td>` +
        `<td>${s.minutes} min</td><td>${escapeHtml(s.instrument ? `${s.instrument} ${s.score}` : '')}</td></tr>`,
    )
    .join('');
  const addenda = r.addenda
    .map(
      (a) =>
        `<section><h2>Addendum, signed ${escapeHtml(when(a.signedAt, f.timeZone))}</h2>${paragraphs(a.body)}</section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Behavioral health episode report</title>
<style>
body { font: 11pt/1.45 Georgia, serif; max-width: 7.5in; margin: 0.5in auto; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 12pt; } dt { font-weight: bold; }
table { border-collapse: collapse; } td, th { padding: 2pt 8pt; text-align: left; }
.none { color: #555; font-style: italic; }
</style>
</head>
<body>
<h1>Behavioral health episode report</h1>
<div>${escapeHtml(f.programName)}</div>
<dl>
<dt>Patient</dt><dd>${escapeHtml(f.patientName)} (born ${escapeHtml(f.patientBirthDate)})</dd>
<dt>Referred by</dt><dd>${escapeHtml(f.requesterName)}, ${escapeHtml(f.practiceName)}</dd>
<dt>Clinician</dt><dd>${escapeHtml(f.clinicianName)}</dd>
<dt>Outcome</dt><dd>${escapeHtml(e.outcome ? (OUTCOME_WORDS[e.outcome] ?? e.outcome) : 'Episode open')}${e.outcomeReferral ? `: ${escapeHtml(e.outcomeReferral)}` : ''}</dd>
</dl>
<h2>Sessions</h2>
<table><tr><th>#</th><th>When</th><th>How</th><th>Length</th><th>Screening</th></tr>${rows}</table>
<section><h2>Summary</h2>${paragraphs(r.summary)}</section>
<section><h2>Recommendations</h2>${paragraphs(r.recommendations)}</section>
<p>${r.signedAt ? `Electronically signed by ${escapeHtml(f.clinicianName)} on ${escapeHtml(when(r.signedAt, f.timeZone))}.` : '<strong>DRAFT: not signed.</strong>'}</p>
${addenda}
</body>
</html>
`;
}
