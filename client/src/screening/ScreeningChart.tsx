import type { Assessment, InstrumentSummary } from '../api/screening-api';

const W = 640;
const H = 220;
const PAD = { left: 40, right: 120, top: 12, bottom: 36 };
const SHADES = ['#e7f4ea', '#fdf6d8', '#fde9d4', '#f9dcd9', '#f3cfd8'];

const day = (iso: string) =>
  new Date(iso).toLocaleDateString([], { month: 'short', day: 'numeric' });

/**
 * One instrument's totals over time: points on the score axis over the
 * instrument's bands (shaded, labelled at the right), dated underneath.
 * The same numbers are in a table for screen readers.
 */
export function ScreeningChart({
  instrument,
  assessments,
}: {
  instrument: InstrumentSummary;
  assessments: readonly Assessment[];
}) {
  const points = assessments
    .filter((a) => a.status === 'scored' && !a.supersededBy)
    .sort((a, b) => Date.parse(a.answeredAt) - Date.parse(b.answeredAt));
  const max = instrument.maxTotal || 1;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const y = (score: number) => PAD.top + innerH - (score / max) * innerH;
  // Points stay clear of the axis and of the band labels at the right.
  const inset = 24;
  const x = (i: number) =>
    PAD.left +
    inset +
    (points.length === 1
      ? (innerW - 2 * inset) / 2
      : (i / (points.length - 1)) * (innerW - 2 * inset));
  const id = `chart-${instrument.id}`;
  return (
    <figure className="screening-chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>{instrument.name}</strong> total over time (0-{max})
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${instrument.name} totals over time: ${points
          .map((p) => `${day(p.answeredAt)} ${p.total}`)
          .join(', ')}`}
        data-testid={id}
      >
        {instrument.bands.map((b, i) => {
          const top = y(Math.min(max, b.max + 0.5));
          const bottom = y(Math.max(0, b.min - 0.5));
          return (
            <g key={b.id}>
              <rect
                x={PAD.left}
                y={top}
                width={innerW}
                height={bottom - top}
                fill={SHADES[Math.min(i, SHADES.length - 1)]}
              />
              <text
                x={PAD.left + innerW + 6}
                y={(top + bottom) / 2 + 4}
                fontSize="11"
                fill="#3b4450"
              >
                {b.label}
              </text>
            </g>
          );
        })}
        <line
          x1={PAD.left}
          x2={PAD.left}
          y1={PAD.top}
          y2={PAD.top + innerH}
          stroke="#6b7480"
        />
        {[0, Math.round(max / 2), max].map((v) => (
          <text
            key={v}
            x={PAD.left - 6}
            y={y(v) + 4}
            fontSize="11"
            textAnchor="end"
            fill="#3b4450"
          >
            {v}
          </text>
        ))}
        {points.length > 1 ? (
          <polyline
            fill="none"
            stroke="#0b5cad"
            strokeWidth="2"
            points={points.map((p, i) => `${x(i)},${y(p.total!)}`).join(' ')}
          />
        ) : null}
        {points.map((p, i) => (
          <g key={p.id}>
            <circle
              cx={x(i)}
              cy={y(p.total!)}
              r={p.flags.length ? 7 : 5}
              fill={p.flags.length ? '#b3261e' : '#0b5cad'}
            />
            <text
              x={x(i)}
              y={y(p.total!) - 10}
              fontSize="12"
              textAnchor="middle"
              fill="#17202a"
            >
              {p.total}
            </text>
            <text
              x={x(i)}
              y={H - 12}
              fontSize="11"
              textAnchor="middle"
              fill="#3b4450"
            >
              {day(p.answeredAt)}
            </text>
          </g>
        ))}
      </svg>
      <table className="sr-only">
        <caption>{instrument.name} totals over time</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Total</th>
            <th scope="col">Band</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.id}>
              <td>{day(p.answeredAt)}</td>
              <td>{p.total}</td>
              <td>{p.band?.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
