/** Live preview of the draft (saved or not) for a chosen patient and appointment. */
import { Callout, H5, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { useState } from 'react';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { PreviewSubjectPicker, type PreviewSubject } from './PreviewSubjectPicker';
import { SmsCounter } from './SmsCounter';
import { CHANNEL_LABEL, channelHasContent, type DraftContent, type TemplateChannel } from './template-draft';
import { useTemplatePreview, type TemplateDraft } from './template-calls';

interface Props {
  content: DraftContent;
  draft: Pick<TemplateDraft, 'category' | 'fallbackLanguage'>;
  language: string;
  channel: TemplateChannel;
  /** The first problem the live validation found; no preview is asked for while there is one. */
  blockedBy: string | null;
}

export function PreviewPanel({ content, draft, language, channel, blockedBy }: Props) {
  const [subject, setSubject] = useState<PreviewSubject | null>(null);
  const preview = useTemplatePreview(content, draft, language, channel, subject, blockedBy === null);
  const empty = !channelHasContent(content, language, channel);

  return (
    <aside data-testid="template-preview">
      <H5>Preview · {CHANNEL_LABEL[channel]}</H5>
      <PreviewSubjectPicker subject={subject} onChange={setSubject} />
      {!subject && <p className="fd-muted">With sample values. Choose a patient to see this {CHANNEL_LABEL[channel]} as they would receive it.</p>}
      {empty && <NonIdealState icon="document" title={`No ${CHANNEL_LABEL[channel]} text in ${language}`} description="Write it on the left; patients get the fallback language meanwhile." />}
      {!empty && blockedBy !== null && <NonIdealState icon="error" title="No preview yet" description={`Fix this first: ${blockedBy}`} />}
      {!empty && blockedBy === null && (
        <>
          {preview.loading && !preview.value && <NonIdealState icon={<Spinner size={20} />} title="Rendering…" />}
          <ErrorCallout error={preview.error} extra={preview.error?.issues?.map((i) => i.message) ?? []} title="The preview could not be rendered" testId="preview-error" />
          {preview.value && (
            <div data-testid="preview-output" style={{ opacity: preview.loading ? 0.6 : 1 }}>
              {preview.value.usedLanguage && preview.value.usedLanguage !== language && (
                <Callout intent={Intent.PRIMARY} className="fd-gap-bottom" data-testid="preview-fallback">
                  Shown in {preview.value.usedLanguage}{preview.value.usedFallback ? ' (the fallback language)' : ''}.
                </Callout>
              )}
              {preview.value.parts.map((part) => (
                <div key={part.label}>
                  <div className="fd-muted">{part.label}</div>
                  <div className="fd-preview-box" data-testid={`preview-${part.key}`}>
                    {part.text}
                  </div>
                </div>
              ))}
              {preview.value.emailHtml !== null && (
                <>
                  <div className="fd-muted">As the patient sees it</div>
                  <iframe className="fd-email-frame" sandbox="" srcDoc={preview.value.emailHtml} title="Email preview" data-testid="preview-email-html" />
                </>
              )}
              {preview.value.warnings.length > 0 && (
                <Callout intent={Intent.WARNING} className="fd-gap-bottom" data-testid="preview-warnings">
                  {preview.value.warnings.map((w) => (
                    <div key={w}>{w}</div>
                  ))}
                </Callout>
              )}
              {channel === 'sms' && preview.value.smsText !== null && <SmsCounter text={preview.value.smsText} label="This patient’s SMS:" testId="sms-counter-preview" />}
            </div>
          )}
        </>
      )}
    </aside>
  );
}
