/** Channel order, language and quiet-hours override; saved together with one call. */
import { Button, ButtonGroup, FormGroup, HTMLSelect, InputGroup, Intent, Radio, RadioGroup, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { PreferencesView, QuietHoursOverride } from '../../../../../shared/contract/consent';
import { CHANNELS, type Channel } from '../../../../../shared/domain';
import { CHANNEL_LABELS } from '../../../lib/channels';
import { LANGUAGES } from '../languages';

type QuietMode = 'clinic' | 'custom' | 'none';
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface PreferencesEditorProps {
  preferences: PreferencesView;
  clinicQuietHours: { start: string; end: string };
  saving: boolean;
  onSave(changes: { channelOrder: Channel[]; language: string; quietHoursOverride: QuietHoursOverride }): void;
}

export function PreferencesEditor({ preferences, clinicQuietHours, saving, onSave }: PreferencesEditorProps) {
  const initial = preferences.quietHoursOverride;
  const [order, setOrder] = useState<Channel[]>(preferences.channelOrder);
  const [language, setLanguage] = useState(preferences.language);
  const [mode, setMode] = useState<QuietMode>(initial === null ? 'clinic' : 'none' in initial ? 'none' : 'custom');
  const [start, setStart] = useState(initial && 'start' in initial ? initial.start : clinicQuietHours.start);
  const [end, setEnd] = useState(initial && 'end' in initial ? initial.end : clinicQuietHours.end);
  const [tried, setTried] = useState(false);

  const move = (index: number, by: -1 | 1) => {
    const next = [...order];
    const [item] = next.splice(index, 1);
    if (item === undefined) return;
    next.splice(index + by, 0, item);
    setOrder(next);
  };
  const missing = CHANNELS.filter((c) => !order.includes(c));
  const timesBad = mode === 'custom' && (!HHMM.test(start) || !HHMM.test(end));
  const languages = LANGUAGES.some((l) => l.value === language) ? LANGUAGES : [...LANGUAGES, { value: language, label: language }];

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (timesBad || order.length === 0) return;
    onSave({ channelOrder: order, language, quietHoursOverride: mode === 'clinic' ? null : mode === 'none' ? { none: true } : { start, end } });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="preferences-form" className="fd-preferences">
      <FormGroup label="Channel order" helperText="The engine tries these in order for reminders and broadcasts.">
        <ol className="fd-channel-order" data-testid="channel-order">
          {order.map((channel, i) => (
            <li key={channel} data-testid={`channel-order-item`} data-channel={channel}>
              <Tag minimal>{CHANNEL_LABELS[channel]}</Tag>
              <ButtonGroup variant="minimal">
                <Button icon="arrow-up" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move ${CHANNEL_LABELS[channel]} up`} data-testid={`channel-up-${channel}`} />
                <Button icon="arrow-down" disabled={i === order.length - 1} onClick={() => move(i, 1)} aria-label={`Move ${CHANNEL_LABELS[channel]} down`} data-testid={`channel-down-${channel}`} />
                <Button icon="cross" disabled={order.length === 1} onClick={() => setOrder(order.filter((c) => c !== channel))} aria-label={`Remove ${CHANNEL_LABELS[channel]}`} data-testid={`channel-remove-${channel}`} />
              </ButtonGroup>
            </li>
          ))}
        </ol>
        {missing.map((channel) => (
          <Button key={channel} icon="add" variant="minimal" text={CHANNEL_LABELS[channel]} onClick={() => setOrder([...order, channel])} data-testid={`channel-add-${channel}`} />
        ))}
      </FormGroup>
      <FormGroup label="Language" labelFor="preferences-language">
        <HTMLSelect id="preferences-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value)} options={languages} data-testid="preferences-language" />
      </FormGroup>
      <FormGroup label="Quiet hours">
        <RadioGroup selectedValue={mode} onChange={(e) => setMode(e.currentTarget.value === 'none' ? 'none' : e.currentTarget.value === 'custom' ? 'custom' : 'clinic')} inline>
          <Radio value="clinic" label={`The clinic’s (${clinicQuietHours.start}–${clinicQuietHours.end})`} data-testid="quiet-clinic" />
          <Radio value="custom" label="Own hours" data-testid="quiet-custom" />
          <Radio value="none" label="None" data-testid="quiet-none" />
        </RadioGroup>
        {mode === 'custom' && (
          <div className="fd-inline-fields">
            <InputGroup value={start} onChange={(e) => setStart(e.currentTarget.value)} placeholder="21:00" aria-label="Quiet from" intent={tried && !HHMM.test(start) ? Intent.DANGER : Intent.NONE} data-testid="quiet-start" />
            <span>to</span>
            <InputGroup value={end} onChange={(e) => setEnd(e.currentTarget.value)} placeholder="08:00" aria-label="Quiet until" intent={tried && !HHMM.test(end) ? Intent.DANGER : Intent.NONE} data-testid="quiet-end" />
          </div>
        )}
        {tried && timesBad && (
          <p className="fd-consent-error" data-testid="quiet-error">
            Use the form HH:MM, e.g. 21:00.
          </p>
        )}
      </FormGroup>
      <Button type="submit" intent={Intent.PRIMARY} text="Save preferences" loading={saving} data-testid="save-preferences" />
    </form>
  );
}
