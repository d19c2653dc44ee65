/**
 * The fields of one channel in one language. Remembers which text field was edited last (and its
 * selection) so the variables palette can insert at the cursor.
 */
import { FormGroup, InputGroup, Intent, TextArea } from '@blueprintjs/core';
import { useId, useState, type RefObject } from 'react';
import { CHANNEL_FIELDS, fieldPath, readField, whatsappVariablesText, type DraftContent, type TemplateChannel } from './template-draft';
import { SmsCounter } from './SmsCounter';

export interface FocusedField {
  language: string;
  channel: TemplateChannel;
  key: string;
  start: number;
  end: number;
}

interface Props {
  content: DraftContent;
  language: string;
  channel: TemplateChannel;
  errors: Record<string, string>;
  onChange(key: string, value: string): void;
  onWhatsappVariables(text: string): void;
  focusRef: RefObject<FocusedField | null>;
  disabled?: boolean;
}

/** Keeps the text as typed (a half-written line is not dropped) and reports every change. */
function WhatsappVariables({ id, initial, disabled, onChange }: { id: string; initial: string; disabled: boolean | undefined; onChange(text: string): void }) {
  const [text, setText] = useState(initial);
  return (
    <TextArea
      id={id}
      className="fd-template-textarea"
      rows={3}
      value={text}
      disabled={disabled}
      onChange={(e) => {
        setText(e.currentTarget.value);
        onChange(e.currentTarget.value);
      }}
      data-testid="tpl-whatsapp-variables"
    />
  );
}

function FieldError({ message, testId }: { message: string | undefined; testId: string }) {
  if (!message) return null;
  return <span data-testid={testId}>{message}</span>;
}

export function ChannelEditor({ content, language, channel, errors, onChange, onWhatsappVariables, focusRef, disabled }: Props) {
  const baseId = useId();
  const remember = (key: string) => (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    focusRef.current = { language, channel, key, start: event.currentTarget.selectionStart ?? 0, end: event.currentTarget.selectionEnd ?? 0 };
  };
  const channelError = errors[`content.${language}.${channel}`];
  return (
    <div data-testid={`channel-editor-${channel}`}>
      {channelError && (
        <p className="bp6-text-muted" role="alert" data-testid={`error-content.${language}.${channel}`}>
          {channelError}
        </p>
      )}
      {CHANNEL_FIELDS[channel].map((field) => {
        const path = fieldPath(language, channel, field.key);
        const id = `${baseId}-${field.key}`;
        const error = errors[path];
        const value = readField(content, language, channel, field.key);
        const testId = `tpl-${channel}-${field.key}`;
        return (
          <div key={field.key}>
            <FormGroup
              label={field.label}
              labelFor={id}
              intent={error ? Intent.DANGER : Intent.NONE}
              helperText={<FieldError message={error} testId={`${testId}-error`} />}
            >
              {field.multiline ? (
                <TextArea
                  id={id}
                  className="fd-template-textarea"
                  rows={channel === 'email' ? 10 : 5}
                  value={value}
                  disabled={disabled}
                  intent={error ? Intent.DANGER : Intent.NONE}
                  aria-invalid={error ? true : undefined}
                  onChange={(e) => {
                    onChange(field.key, e.currentTarget.value);
                    remember(field.key)(e);
                  }}
                  onSelect={remember(field.key)}
                  onFocus={remember(field.key)}
                  data-testid={testId}
                />
              ) : (
                <InputGroup
                  id={id}
                  value={value}
                  disabled={disabled}
                  intent={error ? Intent.DANGER : Intent.NONE}
                  aria-invalid={error ? true : undefined}
                  onChange={(e) => {
                    onChange(field.key, e.currentTarget.value);
                    remember(field.key)(e);
                  }}
                  onSelect={remember(field.key)}
                  onFocus={remember(field.key)}
                  data-testid={testId}
                />
              )}
            </FormGroup>
            {channel === 'sms' && field.key === 'body' && <SmsCounter text={value} label="As written:" testId="sms-counter-source" />}
          </div>
        );
      })}
      {channel === 'whatsapp' && (
        <FormGroup
          label="Content variables (one per line: 1=value)"
          labelFor={`${baseId}-wa-vars`}
          helperText={errors[`content.${language}.whatsapp.variables`] ?? 'Values may use variables, e.g. 1={{ patient.firstName }}'}
          intent={errors[`content.${language}.whatsapp.variables`] ? Intent.DANGER : Intent.NONE}
        >
          <WhatsappVariables key={language} id={`${baseId}-wa-vars`} initial={whatsappVariablesText(content, language)} disabled={disabled} onChange={onWhatsappVariables} />
        </FormGroup>
      )}
    </div>
  );
}
