import type { Review, ScorePoint } from '../api/registry-api';
import { dateOnly } from '../ui/format';

const W = 560;
const H = 180;
const PAD = 32;

/**
 * The score trend (SVG, no library): totals over time, the remission line
 * (5) and a dashed mark where an accepted review changed the treatment.
 */
export function ScoreTrend({
  scores,
  changes,
  instrument,
}: {
  scores: readonly ScorePoint[];
  changes: readonly Review[];
  instrument: string;
}) {
  if (scores.length === 0)
    return (
      <p className="empty">
        No {instrument === 'gad7' ? 'GAD-7' : 'PHQ-9'} scores yet.
      </p>
    );
  const times = [
    ...scores.map((s) => Date.parse(s.at)),
    ...changes.map((c) => Date.parse(c.reviewedAt)),
  ];
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 86_400_000);
  const max = instrument === 'gad7' ? 21 : 27;
  const x = (t: number) => PAD + ((t - t0) / (t1 - t0)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD + 8 - (v / max) * (H - 2 * PAD);
  const path = scores
    .map((s, i) => `${i ? 'L' : 'M'}${x(Date.parse(s.at))},${y(s.total)}`)
    .join(' ');
  const name = instrument === 'gad7' ? 'GAD-7' : 'PHQ-9';
  const label = `${name} from ${scores[0]!.total} to ${scores[scores.length - 1]!.total}`;
  return (
    <figure className="score-trend">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <line
          x1={PAD}
          x2={W - PAD}
          y1={y(5)}
          y2={y(5)}
          className="remission-line"
        />
        <text x={PAD + 4} y={y(5) - 4} className="axis-label">
          remission &lt; 5
        </text>
        {[0, 10, 20]
          .filter((v) => v <= max)
          .map((v) => (
            <text key={v} x={4} y={y(v) + 4} className="axis-label">
              {v}
            </text>
          ))}
        {changes.map((c) => (
          <g key={c.id}>
            <line
              x1={x(Date.parse(c.reviewedAt))}
              x2={x(Date.parse(c.reviewedAt))}
              y1={PAD - 8}
              y2={H - PAD + 8}
              className="change-line"
            />
            <text
              x={x(Date.parse(c.reviewedAt)) + 4}
              y={PAD}
              className="axis-label"
            >
              {c.recommendation === 'dose_change' ? 'dose' : 'medication'}
            </text>
          </g>
        ))}
        <path d={path} className="score-line" />
        {scores.map((s) => (
          <circle
            key={s.at}
            cx={x(Date.parse(s.at))}
            cy={y(s.total)}
            r={4}
            className="score-dot"
          >
            <title>{`${dateOnly(s.at)}: ${s.total}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption>
        {label}; dashed lines mark accepted treatment changes.
      </figcaption>
    </figure>
  );
}
