/**
 * A line chart over time (Recharts): one line per series, a y axis, time labels that keep the
 * first and last one inside the chart, a legend and a tooltip. The picture is hidden from screen
 * readers; the figure's caption says every series' total and peak in words instead.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

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
  /** Say "n in total" (per-bucket counts, the default) or "n at the end" (cumulative counts). */
  cumulative?: boolean;
}

export function describeSeries(series: Series[], labels: string[], cumulative = false): string {
  return series
    .map((s) => {
      if (cumulative) {
        const last = s.values.at(-1) ?? 0;
        return last === 0 ? `${s.name}: none.` : `${s.name}: ${last} by ${labels.at(-1) ?? ''}.`;
      }
      const total = s.values.reduce((a, b) => a + b, 0);
      let peak = 0;
      s.values.forEach((v, i) => {
        if (v > (s.values[peak] ?? 0)) peak = i;
      });
      return total === 0 ? `${s.name}: none.` : `${s.name}: ${total} in total, most (${s.values[peak] ?? 0}) at ${labels[peak] ?? ''}.`;
    })
    .join(' ');
}

/** Rows Recharts reads: one per label, one key per series. */
export function chartRows(labels: string[], series: Series[]): Array<Record<string, string | number>> {
  return labels.map((label, i) => ({ label, ...Object.fromEntries(series.map((s) => [s.name, s.values[i] ?? 0])) }));
}

export function TimeSeriesChart({ title, labels, series, height = 220, testId, cumulative = false }: Props) {
  return (
    <figure className="fd-chart" data-testid={testId}>
      <div aria-hidden="true" style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height={height}>
          {/* Hidden from assistive tech (the figure caption reads the series), so not focusable either. */}
          <LineChart data={chartRows(labels, series)} margin={{ top: 8, right: 28, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} strokeOpacity={0.3} />
            <XAxis dataKey="label" interval="preserveStartEnd" minTickGap={24} tick={{ fontSize: 11 }} padding={{ left: 8, right: 8 }} />
            <YAxis allowDecimals={false} width={44} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Line
                key={s.name}
                type="monotone"
                dataKey={s.name}
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? '5 4' : undefined}
                dot={labels.length <= 40 ? { r: 2.5 } : false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="fd-sr-only" data-testid={testId ? `${testId}-summary` : undefined}>
        {title}. {describeSeries(series, labels, cumulative)}
      </figcaption>
    </figure>
  );
}
