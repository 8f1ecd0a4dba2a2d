import type { ConsultReport } from './consult-report';

/** Everything the printed page shows beyond the report itself. */
export interface ReportPageContext {
  programName: string;
  practiceName: string;
  patientName: string;
  patientBirthDate: string;
  consultantName: string;
  requesterName: string;
  timeZone: string;
}

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[
        c
      ]!,
  );
export const paragraphs = (s: string) =>
  s
    ? escapeHtml(s)
        .split(/\n{2,}/)
        .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
        .join('')
    : '<p class="none">None recorded.</p>';

export function when(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(d);
}

/** A self-contained printable page (no scripts, no external assets); every value is escaped. */
export function renderReportPage(
  r: ConsultReport,
  c: ReportPageContext,
): string {
  const section = (title: string, body: string) =>
    `<section><h2>${title}</h2>${paragraphs(body)}</section>`;
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
  const addenda = r.addenda
    .map(
      (a) =>
        `<section class="addendum"><h2>Addendum, signed ${escapeHtml(when(a.signedAt, c.timeZone))}</h2>${paragraphs(a.body)}</section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Psychiatric consultation report</title>
<style>
body { font: 11pt/1.45 Georgia, serif; max-width: 7.5in; margin: 0.5in auto; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 12pt; margin: 8pt 0; } dt { font-weight: bold; }
.none { color: #555; font-style: italic; } .signature { margin-top: 18pt; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<header>
<h1>Psychiatric consultation report</h1>
<div>${escapeHtml(c.programName)}</div>
<dl>
<dt>Patient</dt><dd>${escapeHtml(c.patientName)} (born ${escapeHtml(c.patientBirthDate)})</dd>
<dt>Requested by</dt><dd>${escapeHtml(c.requesterName)}, ${escapeHtml(c.practiceName)}</dd>
<dt>Consultant</dt><dd>${escapeHtml(c.consultantName)}</dd>
<dt>Verbal discussion</dt><dd>${yesNo(r.verbalDiscussion)}</dd>
</dl>
</header>
<main>
${section('Question', r.question)}
${section('Assessment', r.assessment)}
${section('Recommendations', r.recommendations)}
${section('Medication guidance', r.medicationGuidance)}
<section><h2>Direct evaluation or referral</h2><dl><dt>Direct evaluation advised</dt><dd>${yesNo(r.directEvaluationAdvised)}</dd><dt>Referral advised</dt><dd>${yesNo(r.referralAdvised)}</dd></dl></section>
${section('Follow-up', r.followUp)}
<p class="signature">${r.signedAt ? `Electronically signed by ${escapeHtml(c.consultantName)} on ${escapeHtml(when(r.signedAt, c.timeZone))}.` : '<strong>DRAFT: not signed.</strong>'}</p>
${addenda}
</main>
</body>
</html>
`;
}
