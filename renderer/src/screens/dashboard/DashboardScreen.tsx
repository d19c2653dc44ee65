/**
 * Dashboard: sends, deliveries and failures per channel over time, delivery and confirmation
 * rates, opt-outs, cost, the most frequent failure reasons, and queue health.
 */
import { Button, Callout, Card, HTMLTable, Intent, NonIdealState, SegmentedControl, Spinner } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import { REASON_TEXT } from '../../../../shared/contract/engine';
import { useWhere } from '../../lib/useWhere';
import type { Where } from '../../../../shared/datetime';
import { CHANNEL_LABEL } from '../inbox/ChannelIcon';
import { BarChart } from './charts/BarChart';
import { TimeSeriesChart } from './charts/TimeSeriesChart';
import { CHANNEL_COLORS, STATE_COLORS, chartModel, costText, figures, percent, rangeInput, type RangeKey } from './dashboard-model';
import { BroadcastTimelineCard } from './BroadcastTimelineCard';
import { Figure, QueueHealth } from './QueueHealth';
import type { DashboardStats } from './stats-shape';
import { useDashboardStats, useEngineStatus } from './useDashboardData';
import './charts/charts.css';
import './dashboard.css';

export function DashboardScreen() {
  const where = useWhere();
  const zone = where.zone;
  const [range, setRange] = useState<RangeKey>('7d');
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const input = useMemo(() => rangeInput(range, now, zone), [range, now, zone]);
  const stats = useDashboardStats(input, version);
  const status = useEngineStatus();

  return (
    <div className="fd-screen fd-dashboard" data-testid="screen-dashboard">
      <div className="fd-screen-header">
        <h2>Dashboard</h2>
        <SegmentedControl
          value={range}
          onValueChange={(v) => setRange(v as RangeKey)}
          options={[
            { label: '24 hours', value: '24h' },
            { label: '7 days', value: '7d' },
            { label: '30 days', value: '30d' },
          ]}
        />
        <Button
          icon="refresh"
          aria-label="Refresh"
          variant="minimal"
          onClick={() => {
            setNow(Date.now());
            setVersion((v) => v + 1);
          }}
        />
      </div>
      <QueueHealth status={status} where={where} />
      {stats.state === 'loading' && <NonIdealState icon={<Spinner />} title="Loading statistics…" />}
      {stats.state === 'error' && (
        <Callout intent={Intent.DANGER} title="The statistics could not be loaded">
          {stats.error.message}
        </Callout>
      )}
      {stats.state === 'ready' && <StatsView stats={stats.value} bucket={input.bucket} where={where} />}
    </div>
  );
}

function StatsView({ stats, bucket, where }: { stats: DashboardStats; bucket: 'hour' | 'day'; where: Where }) {
  const model = useMemo(() => chartModel(stats, bucket, where), [stats, bucket, where]);
  const f = useMemo(() => figures(stats), [stats]);
  if (f.sent === 0 && f.held === 0 && stats.confirmations.reminded === 0) {
    return <NonIdealState icon="timeline-line-chart" title="Nothing sent in this period" description="Sends, deliveries and failures appear here as messages go out." />;
  }
  return (
    <div className="fd-dash-grid" data-testid="dashboard-stats">
      <Card className="fd-dash-card fd-dash-wide">
        <div className="fd-dash-figures">
          <Figure label="Sent" value={f.sent} />
          <Figure label="Delivery rate" value={percent(f.deliveryRate)} hint="Delivered ÷ (delivered + failed)" />
          <Figure label="Failed" value={f.failed} intent={f.failed > 0 ? Intent.DANGER : undefined} />
          <Figure label="Held" value={f.held} intent={f.held > 0 ? Intent.WARNING : undefined} />
          <Figure label="Confirmation rate" value={percent(f.confirmationRate)} hint={`${stats.confirmations.confirmed} of ${stats.confirmations.reminded} reminded appointments`} />
          <Figure label="Opt-outs" value={f.optOuts} />
          <Figure label={f.cost.sandbox ? 'Cost' : f.cost.estimated ? 'Cost (estimated)' : `Cost (${f.cost.unit})`} value={costText(f.cost)} />
        </div>
      </Card>
      <Card className="fd-dash-card">
        <h3>Sends per channel</h3>
        <TimeSeriesChart
          title="Messages sent per channel over time"
          labels={model.labels}
          series={model.sentByChannel.map((s) => ({ name: CHANNEL_LABEL[s.channel], color: CHANNEL_COLORS[s.channel], values: s.values }))}
          testId="chart-sends"
        />
      </Card>
      <Card className="fd-dash-card">
        <h3>Deliveries and failures</h3>
        <TimeSeriesChart
          title="Delivered, failed and held messages over time"
          labels={model.labels}
          series={[
            { name: 'Delivered', color: STATE_COLORS.delivered, values: model.delivered },
            { name: 'Failed', color: STATE_COLORS.failed, values: model.failed },
            { name: 'Held', color: STATE_COLORS.held, values: model.held, dashed: true },
          ]}
          testId="chart-outcomes"
        />
      </Card>
      <Card className="fd-dash-card">
        <h3>By channel</h3>
        <BarChart
          title="Outcomes per channel"
          rows={stats.byChannel.map((c) => ({
            label: CHANNEL_LABEL[c.channel],
            parts: [
              { name: 'Delivered', value: c.delivered, color: STATE_COLORS.delivered },
              { name: 'Failed', value: c.failed, color: STATE_COLORS.failed },
              { name: 'Held', value: c.held, color: STATE_COLORS.held },
              { name: 'Sent, no receipt yet', value: Math.max(0, c.sent - c.delivered - c.failed), color: STATE_COLORS.sent },
            ],
          }))}
          testId="chart-channels"
        />
      </Card>
      <BroadcastTimelineCard where={where} />
      <Card className="fd-dash-card">
        <h3>Opt-outs and failure reasons</h3>
        <HTMLTable compact className="fd-dash-table">
          <tbody>
            {stats.optOuts.map((o) => (
              <tr key={o.channel}>
                <td>Opt-outs, {CHANNEL_LABEL[o.channel]}</td>
                <td>{o.count}</td>
              </tr>
            ))}
            {stats.topFailureReasons.map((r) => (
              <tr key={r.reasonCode}>
                <td title={r.reasonCode}>{(REASON_TEXT as Record<string, string>)[r.reasonCode] ?? r.reasonCode}</td>
                <td>{r.count}</td>
              </tr>
            ))}
            {stats.optOuts.length === 0 && stats.topFailureReasons.length === 0 && (
              <tr>
                <td colSpan={2}>No opt-outs or failures in this period.</td>
              </tr>
            )}
          </tbody>
        </HTMLTable>
      </Card>
    </div>
  );
}
