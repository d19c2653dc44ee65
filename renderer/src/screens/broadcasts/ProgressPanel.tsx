/** Live progress of a broadcast (queued, sent, delivered, failed, held) with pause, resume and cancel. */
import { Alert, Button, H4, HTMLTable, Intent, ProgressBar, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { CallError } from '../../../../shared/ipc/result';
import { ErrorCallout } from '../../forms/ErrorCallout';
import type { BroadcastProgress, BroadcastStatus } from './broadcast-model';

const STATUS_INTENT: Record<BroadcastStatus, Intent> = {
  draft: Intent.NONE,
  scheduled: Intent.PRIMARY,
  sending: Intent.PRIMARY,
  paused: Intent.WARNING,
  completed: Intent.SUCCESS,
  cancelled: Intent.DANGER,
};

interface Props {
  name: string;
  /** "Scheduled for Thu 14 Mar, 09:00", shown while it waits. */
  when: string | null;
  progress: BroadcastProgress;
  busy: boolean;
  error: CallError | undefined;
  onPause(): void;
  onResume(): void;
  onCancel(): void;
}

export function ProgressPanel({ name, when, progress, busy, error, onPause, onResume, onCancel }: Props) {
  const [confirmCancel, setConfirmCancel] = useState(false);
  // Finished: handed to the provider (sent), delivered, failed or cancelled; plus those the rules left out.
  const finished = (progress.sent ?? 0) + (progress.delivered ?? 0) + (progress.failed ?? 0) + (progress.cancelled ?? 0);
  const done = progress.status === 'completed' || progress.status === 'cancelled';
  const fraction = done ? 1 : progress.total > 0 && progress.delivered !== null ? (finished + (progress.excluded ?? 0)) / progress.total : 0;
  const all: [string, number | null, string][] = [
    ['Not yet queued', progress.pending, 'pending'],
    ['Queued', progress.queued, 'queued'],
    ['Held', progress.held, 'held'],
    ['Sent', progress.sent, 'sent'],
    ['Delivered', progress.delivered, 'delivered'],
    ['Failed', progress.failed, 'failed'],
    ['Cancelled', progress.cancelled, 'cancelled'],
    ['Excluded by the rules', progress.excluded, 'excluded'],
  ];
  const rows = all.filter((row): row is [string, number, string] => row[1] !== null);
  const hasFinalStates = progress.delivered !== null;
  return (
    <div data-testid="broadcast-progress">
      <div className="fd-screen-header">
        <H4>{name}</H4>
        <Tag large intent={STATUS_INTENT[progress.status]} data-testid="progress-status">
          {progress.status}
        </Tag>
      </div>
      <ProgressBar value={fraction} intent={done ? STATUS_INTENT[progress.status] : Intent.PRIMARY} animate={!done && progress.status !== 'paused'} stripes={!done} />
      {when && progress.status === 'scheduled' && (
        <p data-testid="progress-when">
          <strong>{when}</strong>
        </p>
      )}
      {progress.status === 'paused' && <p data-testid="progress-paused-note">Paused: nothing goes out until you resume; queued and held messages wait.</p>}
      <p className="fd-muted">{hasFinalStates ? `${finished} of ${progress.total - (progress.excluded ?? 0)} messages finished` : `${progress.total} recipients`}</p>
      {progress.addresses !== undefined && progress.patientsCovered !== undefined && progress.addresses > 0 && (
        <p className="fd-muted" data-testid="progress-addresses">
          {progress.addresses} {progress.addresses === 1 ? 'message' : 'messages'} (one per phone or email) covering {progress.patientsCovered}{' '}
          {progress.patientsCovered === 1 ? 'patient' : 'patients'}
        </p>
      )}
      {progress.status === 'sending' && (progress.held ?? 0) > 0 && (progress.queued ?? 0) === 0 && (progress.pending ?? 0) === 0 && (
        <p data-testid="progress-held-note">
          Waiting for {progress.held} held {progress.held === 1 ? 'message' : 'messages'} (quiet hours or the daily cap); the broadcast completes once they go out or are cancelled.
        </p>
      )}
      <HTMLTable compact striped data-testid="progress-counts">
        <tbody>
          {rows.map(([label, n, key]) => (
            <tr key={key}>
              <td>{label}</td>
              <td style={{ textAlign: 'right' }} data-testid={`progress-${key}`}>
                {n}
              </td>
            </tr>
          ))}
          {progress.excludedBy.map((x) => (
            <tr key={x.reason} data-testid={`progress-excluded-${x.reason}`}>
              <td className="fd-muted">· {x.label}</td>
              <td style={{ textAlign: 'right' }}>{x.count}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      <ErrorCallout error={error} title="That did not work" testId="progress-error" />
      {!done && (
        <div className="fd-row fd-gap-top">
          {progress.status === 'paused' ? (
            <Button icon="play" intent={Intent.PRIMARY} text="Resume" loading={busy} onClick={onResume} data-testid="broadcast-resume" />
          ) : (
            <Button icon="pause" text="Pause" loading={busy} onClick={onPause} data-testid="broadcast-pause" />
          )}
          <Button icon="stop" intent={Intent.DANGER} text="Cancel broadcast" disabled={busy} onClick={() => setConfirmCancel(true)} data-testid="broadcast-cancel" />
        </div>
      )}
      <Alert
        isOpen={confirmCancel}
        intent={Intent.DANGER}
        icon="stop"
        cancelButtonText="Keep sending"
        confirmButtonText="Cancel the rest"
        onCancel={() => setConfirmCancel(false)}
        onConfirm={() => {
          setConfirmCancel(false);
          onCancel();
        }}
      >
        Messages not yet handed to a provider will not be sent. Messages already sent cannot be recalled.
      </Alert>
    </div>
  );
}
