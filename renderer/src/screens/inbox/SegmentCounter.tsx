/**
 * The SMS counter under the composer: segments, encoding, room left and the estimated cost. (Too
 * long is the composer's own message beside it, with how much to cut.)
 */
import { Intent, Tooltip } from '@blueprintjs/core';
import { LightTag } from './LightTag';
import { countSmsSegments } from '../../../../shared/templates/sms-segments';
import { estimateSmsCostUsd, formatUsd } from './pricing';

export function SegmentCounter({ body }: { body: string }) {
  const info = countSmsSegments(body);
  const cost = estimateSmsCostUsd(info.segments);
  const ucs = info.encoding === 'UCS-2';
  return (
    <span className="fd-segments" data-testid="segment-counter" aria-live="polite">
      <LightTag intent={info.segments > 1 ? Intent.WARNING : Intent.NONE}>
        {info.segments} {info.segments === 1 ? 'segment' : 'segments'}
      </LightTag>
      <Tooltip
        content={ucs ? `Unicode because of: ${info.nonGsmCharacters.slice(0, 10).join(' ')} — each segment holds 70 characters (67 when split)` : 'Plain GSM-7: 160 characters per segment (153 when split)'}
        compact
      >
        <LightTag intent={ucs ? Intent.WARNING : Intent.NONE} tabIndex={0} data-testid="segment-encoding">
          {info.encoding}
        </LightTag>
      </Tooltip>
      <span className="fd-muted">{info.remainingInSegment} left in this segment</span>
      <span className="fd-muted" data-testid="segment-cost">≈ {formatUsd(cost)}</span>
    </span>
  );
}
