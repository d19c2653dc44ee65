/** The audience's appointment rule: a day range, the booking status, and a clinician and location from the clinic's own lists. */
import { ControlGroup, FormGroup, HTMLSelect, InputGroup, Intent, NumericInput } from '@blueprintjs/core';
import type { AppointmentRule } from './broadcast-model';

interface Props {
  value: AppointmentRule;
  onChange(value: AppointmentRule): void;
  clinicians: string[];
  locations: string[];
  error: string | undefined;
}

const RANGES: Array<[AppointmentRule['range'], string]> = [
  ['any', 'no appointment rule'],
  ['today', 'today'],
  ['tomorrow', 'tomorrow'],
  ['date', 'on a date…'],
  ['nextDays', 'in the next … days'],
];

export function AppointmentRuleFields({ value, onChange, clinicians, locations, error }: Props) {
  const set = <K extends keyof AppointmentRule>(key: K, v: AppointmentRule[K]) => onChange({ ...value, [key]: v });
  const on = value.range !== 'any';
  return (
    <FormGroup label="Appointment" helperText={error ?? 'Patients with an appointment in this range (in the clinic’s time zone).'} intent={error ? Intent.DANGER : Intent.NONE}>
      <ControlGroup fill>
        <HTMLSelect
          value={value.range}
          onChange={(e) => set('range', RANGES.find(([r]) => r === e.currentTarget.value)?.[0] ?? 'any')}
          aria-label="Appointment day range"
          data-testid="audience-appt-range"
        >
          {RANGES.map(([r, label]) => (
            <option key={r} value={r}>
              {label}
            </option>
          ))}
        </HTMLSelect>
        {value.range === 'date' && <InputGroup type="date" value={value.date} onValueChange={(d) => set('date', d)} aria-label="Appointment date" data-testid="audience-appt-date" />}
        {value.range === 'nextDays' && (
          <NumericInput
            min={1}
            max={366}
            value={value.days}
            onValueChange={(n) => set('days', Number.isFinite(n) ? Math.trunc(n) : 0)}
            aria-label="Number of days"
            buttonPosition="none"
            data-testid="audience-appt-days"
          />
        )}
      </ControlGroup>
      {on && (
        <ControlGroup fill className="fd-gap-top">
          <HTMLSelect value={value.status} onChange={(e) => set('status', e.currentTarget.value === 'confirmed' ? 'confirmed' : e.currentTarget.value === 'unconfirmed' ? 'unconfirmed' : 'booked')} aria-label="Appointment status" data-testid="audience-appt-status">
            <option value="booked">booked (confirmed or not)</option>
            <option value="confirmed">confirmed</option>
            <option value="unconfirmed">not confirmed yet</option>
          </HTMLSelect>
          <HTMLSelect value={value.clinician} onChange={(e) => set('clinician', e.currentTarget.value)} aria-label="Clinician" data-testid="audience-appt-clinician">
            <option value="">any clinician</option>
            {clinicians.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </HTMLSelect>
          <HTMLSelect value={value.location} onChange={(e) => set('location', e.currentTarget.value)} aria-label="Location" data-testid="audience-appt-location">
            <option value="">any location</option>
            {locations.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </HTMLSelect>
        </ControlGroup>
      )}
    </FormGroup>
  );
}
