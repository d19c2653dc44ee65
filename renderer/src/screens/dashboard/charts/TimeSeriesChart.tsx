/**
 * A line chart over time in plain SVG: one line per series, a y axis with nice ticks, a few
 * time labels, a legend. Accessible: role="img" with <title> and a <desc> summarising every
 * series (total and peak), so a screen reader gets the numbers the picture shows.
 */
import { useId } from 'react';
import { formatCount, linear, niceMax, ticks } from './chart-scale';

export interface Series {
  name: string;
  color: string;
  /** One value per x position (same length as `labels`). */
  values: number[];
  dashed?: boolean;
}

interface Props {
  title: string;
  labels: string[];
  series: Series[];
  height?: number;
  testId?: string;
}

const W = 640;
const PAD = { top: 12, right: 12, bottom: 28, left: 44 };

export function describeSeries(series: Series[], labels: string[]): string {
  return series
    .map((s) => {
      const total = s.values.reduce((a, b) => a + b, 0);
      let peak = 0;
      s.values.forEach((v, i) => {
        if (v > (s.values[peak] ?? 0)) peak = i;
      });
      return total === 0 ? `${s.name}: none.` : `${s.name}: ${total} in total, most (${s.values[peak] ?? 0}) at ${labels[peak] ?? ''}.`;
    })
    .join(' ');
}

export function TimeSeriesChart({ title, labels, series, height = 220, testId }: Props) {
  const id = useId();
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const y = linear(max, height - PAD.bottom, PAD.top);
  const n = Math.max(1, labels.length - 1);
  const x = (i: number) => PAD.left + ((W - PAD.left - PAD.right) * i) / n;
  const labelEvery = Math.max(1, Math.ceil(labels.length / 8));
  return (
    <figure className="fd-chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{describeSeries(series, labels)}</desc>
        {ticks(max).map((t) => (
          <g key={t} className="fd-chart-grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {formatCount(t)}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          i % labelEvery === 0 || i === labels.length - 1 ? (
            <text key={`${label}-${i}`} className="fd-chart-xlabel" x={x(i)} y={height - 8} textAnchor="middle">
              {label}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.name}>
            <polyline
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '5 4' : undefined}
              points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
            />
            {labels.length <= 40 &&
              s.values.map((v, i) => (
                <circle key={i} cx={x(i)} cy={y(v)} r={2.5} fill={s.color}>
                  <title>{`${s.name}, ${labels[i] ?? ''}: ${v}`}</title>
                </circle>
              ))}
          </g>
        ))}
      </svg>
      <figcaption className="fd-chart-legend">
        {series.map((s) => (
          <span key={s.name}>
            <span className="fd-chart-swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
