/** Horizontal stacked bars (Recharts), one per row; the caption says each row's total and parts in words for screen readers. */
import { Bar, BarChart as RBarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

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

export function describeBars(rows: BarRow[]): string {
  return rows.map((r) => `${r.label}: ${r.parts.reduce((a, p) => a + p.value, 0)} (${r.parts.map((p) => `${p.name} ${p.value}`).join(', ')}).`).join(' ');
}

export function BarChart({ title, rows, testId }: Props) {
  const parts = rows[0]?.parts ?? [];
  const data = rows.map((r) => ({ label: r.label, ...Object.fromEntries(r.parts.map((p) => [p.name, p.value])) }));
  const height = rows.length * 36 + 56;
  return (
    <figure className="fd-chart" data-testid={testId}>
      <div aria-hidden="true" style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height={height}>
          {/* Hidden from assistive tech (the figure caption reads the series), so not focusable either. */}
          <RBarChart data={data} layout="vertical" margin={{ top: 4, right: 28, bottom: 0, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} strokeOpacity={0.3} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="label" width={88} tick={{ fontSize: 11 }} />
            <Tooltip />
            {parts.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {parts.map((p) => (
              <Bar key={p.name} dataKey={p.name} stackId="total" fill={p.color} isAnimationActive={false} />
            ))}
          </RBarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="fd-sr-only" data-testid={testId ? `${testId}-summary` : undefined}>
        {title}. {describeBars(rows)}
      </figcaption>
    </figure>
  );
}
