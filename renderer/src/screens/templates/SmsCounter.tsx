/** Live SMS segment counter: encoding, segments, room left in the segment, characters forcing UCS-2. */
import { Intent, Tag, Tooltip } from '@blueprintjs/core';
import { countSmsSegments } from '../../../../shared/templates/sms-segments';

export function SmsCounter({ text, label, testId = 'sms-counter' }: { text: string; label?: string; testId?: string }) {
  const info = countSmsSegments(text);
  const intent = info.tooLong ? Intent.DANGER : info.encoding === 'UCS-2' || info.segments > 2 ? Intent.WARNING : Intent.NONE;
  return (
    <div className="fd-sms-counter" data-testid={testId} data-segments={info.segments} data-encoding={info.encoding}>
      {label && <span className="fd-muted">{label}</span>}
      <Tag minimal intent={intent} round>
        {info.segments} {info.segments === 1 ? 'segment' : 'segments'}
      </Tag>
      <Tag minimal round>
        {info.encoding}
      </Tag>
      <span className="fd-muted">
        {info.characters} characters · {info.remainingInSegment} left in this segment ({info.unitsPerSegment} per segment)
      </span>
      {info.nonGsmCharacters.length > 0 && (
        <Tooltip content="These characters switch the whole message to UCS-2, which fits 70 characters per segment instead of 160.">
          <Tag minimal intent={Intent.WARNING} data-testid={`${testId}-ucs2`}>
            UCS-2 because of: {info.nonGsmCharacters.join(' ')}
          </Tag>
        </Tooltip>
      )}
      {info.tooLong && (
        <Tag intent={Intent.DANGER} data-testid={`${testId}-too-long`}>
          Over 1,600 characters: providers refuse it
        </Tag>
      )}
    </div>
  );
}
