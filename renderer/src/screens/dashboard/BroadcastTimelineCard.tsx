/** How a broadcast went over time: pick one of the recent broadcasts, see its sent, delivered and failed messages so far. */
import { Card, HTMLSelect } from '@blueprintjs/core';
import { useState } from 'react';
import { useQuery } from '../../ipc/useQuery';
import { TimeSeriesChart } from './charts/TimeSeriesChart';
import { formatTimeLabels, type Where } from '../../../../shared/datetime';
import { STATE_COLORS } from './dashboard-model';

export function BroadcastTimelineCard({ where }: { where: Where }) {
  const list = useQuery('broadcasts.list', {}, { refreshOn: ['broadcast.progress'] });
  const recent = (list.value ?? []).filter((b) => b.startedAt !== null).slice(0, 20);
  const [picked, setPicked] = useState<number | null>(null);
  const id = picked ?? recent[0]?.id ?? null;
  const timeline = useQuery('broadcasts.timeline', { id: id ?? 1, buckets: 24 }, { enabled: id !== null, refreshOn: ['broadcast.progress'] });
  const points = id === null ? [] : (timeline.value ?? []);
  return (
    <Card className="fd-dash-card" data-testid="dashboard-broadcast">
      <div className="fd-dash-card-head">
        <h3>Broadcast deliveries</h3>
        {recent.length > 0 && (
          <HTMLSelect value={id ?? ''} onChange={(e) => setPicked(Number(e.currentTarget.value))} aria-label="Broadcast" data-testid="dashboard-broadcast-pick">
            {recent.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </HTMLSelect>
        )}
      </div>
      {recent.length === 0 && <p className="fd-muted">No broadcast has gone out yet.</p>}
      {recent.length > 0 && points.length === 0 && <p className="fd-muted">Nothing from this broadcast has reached a provider yet.</p>}
      {points.length > 0 && (
        <TimeSeriesChart
          title="Broadcast messages sent, delivered and failed so far"
          cumulative
          labels={formatTimeLabels(points.map((p) => p.at), where)}
          series={[
            { name: 'Sent', color: STATE_COLORS.sent, values: points.map((p) => p.sent) },
            { name: 'Delivered', color: STATE_COLORS.delivered, values: points.map((p) => p.delivered) },
            { name: 'Failed', color: STATE_COLORS.failed, values: points.map((p) => p.failed) },
          ]}
          testId="chart-broadcast"
        />
      )}
    </Card>
  );
}
