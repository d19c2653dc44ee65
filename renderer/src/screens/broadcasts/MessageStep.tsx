/** Name, template, channel policy, schedule and the emergency override of a broadcast. */
import { Checkbox, ControlGroup, FormGroup, HTMLSelect, InputGroup, Intent, Radio, RadioGroup } from '@blueprintjs/core';
import { CHANNELS } from '../../../../shared/domain';
import { CHANNEL_NAMES, type ChannelPolicy } from './broadcast-model';

export interface TemplateOption {
  id: number;
  name: string;
  category: string;
  purpose: 'transactional' | 'marketing';
}

export interface MessagePlan {
  name: string;
  templateId: number | null;
  policy: ChannelPolicy;
  schedule: { kind: 'now' } | { kind: 'at'; date: string; time: string };
  emergency: boolean;
}

interface Props {
  value: MessagePlan;
  onChange(value: MessagePlan): void;
  templates: TemplateOption[] | undefined;
  errors: Record<string, string>;
}

export function MessageStep({ value, onChange, templates, errors }: Props) {
  const set = <K extends keyof MessagePlan>(key: K, v: MessagePlan[K]) => onChange({ ...value, [key]: v });
  return (
    <div data-testid="broadcast-message">
      <FormGroup label="Name" labelFor="broadcast-name" intent={errors.name ? Intent.DANGER : Intent.NONE} helperText={errors.name && <span data-testid="broadcast-name-error">{errors.name}</span>}>
        <InputGroup id="broadcast-name" value={value.name} onValueChange={(v) => set('name', v)} placeholder="e.g. Flu shots are here" intent={errors.name ? Intent.DANGER : Intent.NONE} data-testid="broadcast-name" />
      </FormGroup>
      <FormGroup label="Template" labelFor="broadcast-template" intent={errors.templateId ? Intent.DANGER : Intent.NONE} helperText={errors.templateId}>
        <HTMLSelect
          id="broadcast-template"
          fill
          value={value.templateId ?? ''}
          onChange={(e) => set('templateId', e.currentTarget.value ? Number(e.currentTarget.value) : null)}
          disabled={!templates}
          data-testid="broadcast-template"
        >
          <option value="">{templates ? (templates.length ? 'Choose a template…' : 'No templates yet: create one under Templates') : 'Loading templates…'}</option>
          {templates?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.category}, {t.purpose})
            </option>
          ))}
        </HTMLSelect>
      </FormGroup>
      <FormGroup label="Channel" labelFor="broadcast-channel" helperText={errors.channelPolicy ?? 'Marketing messages only go to channels the patient opted in to; rules are checked for every recipient.'} intent={errors.channelPolicy ? Intent.DANGER : Intent.NONE}>
        <HTMLSelect
          id="broadcast-channel"
          value={value.policy.channel ?? ''}
          onChange={(e) => {
            const channel = CHANNELS.find((c) => c === e.currentTarget.value) ?? null;
            set('policy', { channel });
          }}
          data-testid="broadcast-channel"
        >
          <option value="">Each patient’s preferred channel</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              Only {CHANNEL_NAMES[c]}
            </option>
          ))}
        </HTMLSelect>
      </FormGroup>
      <FormGroup label="When" intent={errors.schedule ? Intent.DANGER : Intent.NONE} helperText={errors.schedule}>
        <RadioGroup
          selectedValue={value.schedule.kind}
          onChange={(e) => set('schedule', e.currentTarget.value === 'at' ? { kind: 'at', date: '', time: '09:00' } : { kind: 'now' })}
          inline
        >
          <Radio value="now" label="Now" data-testid="schedule-now" />
          <Radio value="at" label="At a time" data-testid="schedule-at" />
        </RadioGroup>
        {value.schedule.kind === 'at' && (
          <ControlGroup>
            <InputGroup type="date" value={value.schedule.date} onValueChange={(date) => value.schedule.kind === 'at' && set('schedule', { ...value.schedule, date })} aria-label="Date" data-testid="schedule-date" />
            <InputGroup type="time" value={value.schedule.time} onValueChange={(time) => value.schedule.kind === 'at' && set('schedule', { ...value.schedule, time })} aria-label="Time" data-testid="schedule-time" />
          </ControlGroup>
        )}
      </FormGroup>
      <Checkbox
        checked={value.emergency}
        onChange={(e) => set('emergency', e.currentTarget.checked)}
        label="Emergency (e.g. the clinic is closed today): ignore quiet hours and the daily cap"
        data-testid="broadcast-emergency"
      />
    </div>
  );
}
