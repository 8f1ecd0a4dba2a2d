import { TableFrame } from '../ui/TableFrame';
import { type Consult, consultTypeLabel } from '../api/consults-api';
import { patientName } from '../api/patients-api';
import { Link } from '../shell/router';
import { dateTime } from '../ui/format';
import { Empty } from '../ui/Panel';
import { StatusBadge } from '../ui/StatusBadge';

/** The practice's consults, newest first. */
export function ConsultHistory({ consults }: { consults: Consult[] }) {
  if (!consults.length) return <Empty>No consults yet.</Empty>;
  return (
    <TableFrame
      caption="Consults, newest first"
      columns={['Requested', 'Patient', 'Type', 'Psychiatrist', 'Status']}
    >
      {consults.map((c) => (
        <tr key={c.id}>
          <td>
            <Link to={`/consults/${c.id}`}>{dateTime(c.createdAt)}</Link>
          </td>
          <td>{c.patient ? patientName(c.patient) : '–'}</td>
          <td>{consultTypeLabel(c.consultType)}</td>
          <td>{c.assignedPsychiatristName ?? '–'}</td>
          <td>
            <StatusBadge status={c.status} />
          </td>
        </tr>
      ))}
    </TableFrame>
  );
}
