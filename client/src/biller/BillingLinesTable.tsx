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
}: {
  lines: BillingLine[];
  caption: string;
}) {
  if (!lines.length) return <Empty>No billing lines.</Empty>;
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
                <li key={i}>{reasonText(r)}</li>
              ))}
            </ul>
          </td>
        </tr>
      ))}
    </TableFrame>
  );
}
