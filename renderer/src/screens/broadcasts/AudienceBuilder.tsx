/** The audience filter form: tags, age range, last visit, appointments (day range, status, clinician, location), language. Rules combine (all must hold). */
import { ControlGroup, FormGroup, HTMLSelect, Intent, NumericInput, TagInput } from '@blueprintjs/core';
import type { AudienceFilter } from './broadcast-model';
import { AppointmentRuleFields } from './AppointmentRuleFields';
import { useAppointmentOptions } from './broadcast-calls';

interface Props {
  value: AudienceFilter;
  onChange(value: AudienceFilter): void;
  errors: Record<string, string>;
}

/** The clinic's values plus any chosen one no longer among them (a saved audience), so the select shows it. */
function withCurrent(list: string[], chosen: string[]): string[] {
  const extra = chosen.filter((c) => c && !list.includes(c));
  return [...list, ...extra];
}

function ageValue(n: number): number | null {
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

export function AudienceBuilder({ value, onChange, errors }: Props) {
  const options = useAppointmentOptions();
  const clinicians = withCurrent(options.value?.clinicians ?? [], [value.upcomingWithClinician, value.appointments.clinician]);
  const locations = withCurrent(options.value?.locations ?? [], [value.appointments.location]);
  const set = <K extends keyof AudienceFilter>(key: K, v: AudienceFilter[K]) => onChange({ ...value, [key]: v });
  return (
    <div data-testid="audience-builder">
      <FormGroup label="Tags" helperText={errors.tags ?? 'Patients with any of these tags (press Enter after each).'} intent={errors.tags ? Intent.DANGER : Intent.NONE}>
        <TagInput
          values={value.tags}
          onChange={(values) => set('tags', values.map((v) => String(v).trim()).filter(Boolean))}
          addOnBlur
          inputProps={{ 'aria-label': 'Audience tags', ...({ 'data-testid': 'audience-tags-input' } as Record<string, string>) }}
          placeholder="any tag"
          data-testid="audience-tags"
        />
      </FormGroup>
      <FormGroup label="Age" helperText={errors.ageMin ?? errors.ageMax} intent={errors.ageMin || errors.ageMax ? Intent.DANGER : Intent.NONE}>
        <ControlGroup>
          <NumericInput
            placeholder="from"
            min={0}
            max={130}
            value={value.ageMin ?? ''}
            onValueChange={(n, s) => set('ageMin', s === '' ? null : ageValue(n))}
            aria-label="Minimum age"
            data-testid="audience-age-min"
            buttonPosition="none"
          />
          <NumericInput
            placeholder="to"
            min={0}
            max={130}
            value={value.ageMax ?? ''}
            onValueChange={(n, s) => set('ageMax', s === '' ? null : ageValue(n))}
            aria-label="Maximum age"
            data-testid="audience-age-max"
            buttonPosition="none"
          />
        </ControlGroup>
      </FormGroup>
      <FormGroup label="Last visit" helperText={errors.lastVisit} intent={errors.lastVisit ? Intent.DANGER : Intent.NONE}>
        <ControlGroup>
          <HTMLSelect
            value={value.lastVisit.kind}
            onChange={(e) => {
              const kind = e.currentTarget.value;
              const days = value.lastVisit.kind === 'any' ? 365 : value.lastVisit.days;
              set('lastVisit', kind === 'within' ? { kind, days } : kind === 'before' ? { kind, days } : { kind: 'any' });
            }}
            aria-label="Last visit"
            data-testid="audience-last-visit"
          >
            <option value="any">any time, or never</option>
            <option value="within">within the last…</option>
            <option value="before">more than … ago</option>
          </HTMLSelect>
          {value.lastVisit.kind !== 'any' && (
            <NumericInput
              min={1}
              max={3650}
              value={value.lastVisit.days}
              onValueChange={(n) => value.lastVisit.kind !== 'any' && set('lastVisit', { kind: value.lastVisit.kind, days: Number.isFinite(n) ? Math.trunc(n) : 0 })}
              rightElement={<span className="fd-muted" style={{ padding: '0 8px', lineHeight: '30px' }}>days</span>}
              aria-label="Days"
              data-testid="audience-last-visit-days"
              buttonPosition="none"
            />
          )}
        </ControlGroup>
      </FormGroup>
      <AppointmentRuleFields value={value.appointments} onChange={(a) => set('appointments', a)} clinicians={clinicians} locations={locations} error={errors.appointments} />
      <FormGroup label="Any upcoming appointment with" helperText="Booked or confirmed, any day from now.">
        <HTMLSelect value={value.upcomingWithClinician} onChange={(e) => set('upcomingWithClinician', e.currentTarget.value)} aria-label="Upcoming appointment with" data-testid="audience-clinician">
          <option value="">anyone, or no appointment</option>
          {clinicians.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </HTMLSelect>
      </FormGroup>
      <FormGroup label="Language">
        <HTMLSelect value={value.language} onChange={(e) => set('language', e.currentTarget.value)} data-testid="audience-language">
          <option value="">every language</option>
          <option value="en">English</option>
          <option value="es">Spanish</option>
          <option value="fr">French</option>
          <option value="pt">Portuguese</option>
          <option value="zh">Chinese</option>
          <option value="vi">Vietnamese</option>
        </HTMLSelect>
      </FormGroup>
    </div>
  );
}
