import { TableFrame } from '../ui/TableFrame';
import { lineStatus, reasonText, type BillingLine } from '../api/billing-api';
import { dateOnly, minutesLabel } from '../ui/format';
import { Empty } from '../ui/Panel';
import { StatusBadge } from '../ui/StatusBadge';
import { placeLabel, serviceKind } from './line-kind';

/** Billing lines with their status and the coding engine's reasons, in plain words. */
export function BillingLinesTable({
  lines,
  caption,
  compact,
}: {
  lines: BillingLine[];
  caption: string;
  /** One card per line, for a narrow side column where a wide table is cut off. */
  compact?: boolean;
}) {
  if (!lines.length) return <Empty>No billing lines.</Empty>;
  if (compact) return <BillingLineCards lines={lines} caption={caption} />;
  return (
    <TableFrame
      caption={caption}
      columns={[
        'Date of service',
        'Code',
        'Units',
        'Clinician',
        'Minutes',
        'Place / modifiers',
        'Status',
        'Why',
      ]}
    >
      {lines.map((l) => (
        <tr
          key={l.id ?? l.lineKey ?? l.code}
          data-code={l.code}
          data-status={lineStatus(l)}
        >
          <td>{dateOnly(l.dateOfService)}</td>
          <td>
            <strong className="billing-code">{l.code}</strong>
            {serviceKind(l) ? (
              <div className="muted" data-kind>
                {serviceKind(l)}
              </div>
            ) : null}
          </td>
          <td>{l.units ?? 1}</td>
          <td>
            {l.billingClinicianName ?? (l.billingClinicianNpi ? '' : '–')}
            {l.billingClinicianNpi ? (
              <div className="muted">NPI {l.billingClinicianNpi}</div>
            ) : null}
          </td>
          <td>{minutesLabel(l.minutes)}</td>
          <td>
            {placeLabel(l.placeOfService)}
            {l.modifiers?.length ? ` · ${l.modifiers.join(', ')}` : ''}
          </td>
          <td>
            <StatusBadge status={lineStatus(l)} />
          </td>
          <td>
            <ul className="reasons">
              {(l.reasons ?? []).map((r, i) => (
                // The engine's reasons, in its fixed order, may repeat.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <li key={i}>{reasonText(r)}</li>
              ))}
            </ul>
          </td>
        </tr>
      ))}
    </TableFrame>
  );
}

function BillingLineCards({
  lines,
  caption,
}: {
  lines: BillingLine[];
  caption: string;
}) {
  return (
    <ul className="plain line-cards" aria-label={caption}>
      {lines.map((l) => (
        <li
          key={l.id ?? l.lineKey ?? l.code}
          className="line-card"
          data-code={l.code}
          data-status={lineStatus(l)}
        >
          <p>
            <strong className="billing-code">{l.code}</strong>{' '}
            <StatusBadge status={lineStatus(l)} />
          </p>
          <p className="muted">
            {[
              serviceKind(l),
              dateOnly(l.dateOfService),
              l.minutes !== undefined ? minutesLabel(l.minutes) : '',
              l.billingClinicianNpi ? `NPI ${l.billingClinicianNpi}` : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          <ul className="reasons">
            {(l.reasons ?? []).map((r, i) => (
              // The engine's reasons, in its fixed order, may repeat.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i}>{reasonText(r)}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
