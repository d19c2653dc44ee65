/** The confirmation's per-channel view: the message exactly as that channel sends it to a real recipient, segments, encoding and the estimated cost. */
import { Callout, H5, Intent, Tag } from '@blueprintjs/core';
import type { ChannelPreview } from '../../../../shared/contract/broadcast-audience';
import { CHANNEL_NAMES } from './broadcast-model';

export function formatCost(p: Pick<ChannelPreview, 'sandbox' | 'estimatedCost'>): string {
  if (p.sandbox) return 'free (sandbox)';
  if (p.estimatedCost === null) return 'price not known for this provider';
  return `about $${p.estimatedCost.toFixed(p.estimatedCost < 1 ? 4 : 2)}`;
}

export function ChannelPreviews({ channels }: { channels: ChannelPreview[] }) {
  if (channels.length === 0) return null;
  return (
    <div data-testid="confirm-previews">
      {channels.map((c) => (
        <section key={c.channel} className="fd-gap-bottom" data-testid={`confirm-preview-${c.channel}`}>
          <H5>
            {CHANNEL_NAMES[c.channel]} · {c.count} {c.count === 1 ? 'patient' : 'patients'}
          </H5>
          {c.sample ? (
            <>
              <div className="fd-muted fd-small">As sent to {c.sample.patientName}:</div>
              {c.sample.subject && (
                <div>
                  <strong>Subject:</strong> {c.sample.subject}
                </div>
              )}
              <div className="fd-message-sample" data-testid={`confirm-sample-${c.channel}`}>
                {c.sample.body}
              </div>
              <div className="fd-inline-row fd-small">
                {c.channel === 'sms' && (
                  <Tag minimal data-testid={`confirm-segments-${c.channel}`}>
                    {c.sample.segments} {c.sample.segments === 1 ? 'segment' : 'segments'} · {c.sample.encoding}
                  </Tag>
                )}
                <Tag minimal intent={c.sandbox ? Intent.SUCCESS : Intent.NONE} data-testid={`confirm-cost-${c.channel}`}>
                  {formatCost(c)}
                </Tag>
                <span className="fd-muted">via {c.provider}</span>
              </div>
            </>
          ) : (
            <Callout intent={Intent.DANGER} data-testid={`confirm-sample-error-${c.channel}`}>
              This message cannot be written for these patients: {c.sampleError}
            </Callout>
          )}
        </section>
      ))}
    </div>
  );
}
