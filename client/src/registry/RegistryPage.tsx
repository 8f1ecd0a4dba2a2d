import { useState } from 'react';
import {
  FLAG_LABELS,
  type RegistryFlag,
  type RegistryRow,
  registryApi,
} from '../api/registry-api';
import { Link } from '../shell/router';
import { SelectField } from '../ui/Field';
import { ErrorNotice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { TableFrame } from '../ui/TableFrame';
import { dateOnly, humanize } from '../ui/format';
import { useAsync } from '../ui/use-async';

const SORTS = [
  { value: 'needs_review', label: 'Needs review first' },
  { value: 'last_contact', label: 'Longest without contact' },
  { value: 'minutes', label: 'Furthest below minutes' },
  { value: 'name', label: 'Name' },
];

const URGENT: readonly RegistryFlag[] = [
  'safety_alert_open',
  'needs_psychiatric_review',
  'not_improving',
  'no_contact',
];

export function FlagBadges({ flags }: { flags: readonly RegistryFlag[] }) {
  return (
    <ul className="flag-list">
      {flags.map((f) => (
        <li
          key={f}
          className={`badge ${URGENT.includes(f) ? 'badge-danger' : f === 'response' || f === 'remission' ? 'badge-success' : 'badge-warning'}`}
        >
          {FLAG_LABELS[f]}
        </li>
      ))}
    </ul>
  );
}

const change = (r: RegistryRow) =>
  r.percentChange === null
    ? '—'
    : `${r.percentChange > 0 ? '+' : ''}${r.percentChange} %`;

/**
 * The registry: one row per enrolled patient, flags first. A care manager
 * sees their caseload; a consultant the patients they review ("needs
 * review first" is the weekly caseload review's order).
 */
export function RegistryPage({ title }: { title: string }) {
  const [flag, setFlag] = useState('');
  const [sort, setSort] = useState('needs_review');
  const page = useAsync(
    () => registryApi.page({ flag: flag || undefined, sort, limit: 200 }),
    [flag, sort],
  );
  const counts = page.data?.flagCounts;
  return (
    <Panel title={title}>
      <div className="filters">
        <SelectField
          label="Flag"
          value={flag}
          onChange={(e) => setFlag(e.target.value)}
          options={[
            { value: '', label: 'All patients' },
            ...(Object.keys(FLAG_LABELS) as RegistryFlag[]).map((f) => ({
              value: f,
              label: `${FLAG_LABELS[f]}${counts ? ` (${counts[f]})` : ''}`,
            })),
          ]}
        />
        <SelectField
          label="Order"
          value={sort}
          onChange={(e) => setSort(e.target.value)}
          options={SORTS}
        />
      </div>
      <ErrorNotice error={page.error} />
      {page.data && page.data.rows.length === 0 ? (
        <Empty>No enrolled patients match.</Empty>
      ) : null}
      {page.data && page.data.rows.length > 0 ? (
        <TableFrame
          caption="Registry"
          columns={[
            'Patient',
            'Flags',
            'Baseline',
            'Latest',
            'Change',
            'Weeks',
            'Last contact',
            'Contacts',
            `Minutes (${page.data.month})`,
            'Next due',
            'Last review',
          ]}
        >
          {page.data.rows.map((r) => (
            <tr key={r.patientId}>
              <td>
                <Link to={`/registry/patients/${r.patientId}`}>
                  {r.patientName}
                </Link>
                <div className="muted">
                  {r.kind.toUpperCase()} · PCP {r.pcpName}
                </div>
              </td>
              <td>
                <FlagBadges flags={r.flags} />
              </td>
              <td>{r.baseline?.total ?? '—'}</td>
              <td>{r.latest?.total ?? '—'}</td>
              <td>{change(r)}</td>
              <td>{r.weeksInTreatment}</td>
              <td>{dateOnly(r.lastContactAt) || 'None yet'}</td>
              <td>{r.contacts}</td>
              <td>
                {r.minutesThisMonth} / {r.thresholdMinutes}
              </td>
              <td>{r.nextContactOn ?? '—'}</td>
              <td>
                {r.lastReviewAt
                  ? `${dateOnly(r.lastReviewAt)}: ${humanize(r.lastRecommendation)}`
                  : '—'}
              </td>
            </tr>
          ))}
        </TableFrame>
      ) : null}
    </Panel>
  );
}
