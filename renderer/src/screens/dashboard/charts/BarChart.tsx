/** Horizontal bars in plain SVG (one per row, optionally split into stacked parts), with <title>/<desc>. */
import { useId } from 'react';
import { formatCount, linear, niceMax } from './chart-scale';

export interface BarPart {
  name: string;
  value: number;
  color: string;
}

export interface BarRow {
  label: string;
  parts: BarPart[];
}

interface Props {
  title: string;
  rows: BarRow[];
  testId?: string;
}

const W = 640;
const ROW = 28;
const LEFT = 96;
const RIGHT = 56;

export function BarChart({ title, rows, testId }: Props) {
  const id = useId();
  const totals = rows.map((r) => r.parts.reduce((a, p) => a + p.value, 0));
  const max = niceMax(Math.max(0, ...totals));
  const x = linear(max, 0, W - LEFT - RIGHT);
  const height = rows.length * ROW + 8;
  const desc = rows.map((r, i) => `${r.label}: ${totals[i] ?? 0} (${r.parts.map((p) => `${p.name} ${p.value}`).join(', ')}).`).join(' ');
  const legend = rows[0]?.parts ?? [];
  return (
    <figure className="fd-chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        {rows.map((r, i) => {
          let offset = LEFT;
          const top = 4 + i * ROW;
          return (
            <g key={r.label}>
              <text className="fd-chart-xlabel" x={LEFT - 8} y={top + ROW / 2 - 2} textAnchor="end" dominantBaseline="middle">
                {r.label}
              </text>
              {r.parts.map((p) => {
                const w = x(p.value);
                const rect = (
                  <rect key={p.name} x={offset} y={top} width={Math.max(0, w)} height={ROW - 8} fill={p.color} rx={2}>
                    <title>{`${r.label}, ${p.name}: ${p.value}`}</title>
                  </rect>
                );
                offset += w;
                return rect;
              })}
              <text className="fd-chart-xlabel" x={offset + 6} y={top + ROW / 2 - 2} dominantBaseline="middle">
                {formatCount(totals[i] ?? 0)}
              </text>
            </g>
          );
        })}
      </svg>
      {legend.length > 1 && (
        <figcaption className="fd-chart-legend">
          {legend.map((p) => (
            <span key={p.name}>
              <span className="fd-chart-swatch" style={{ background: p.color }} aria-hidden="true" />
              {p.name}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
