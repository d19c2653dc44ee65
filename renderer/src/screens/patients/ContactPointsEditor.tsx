/** Phone and email rows of the patient form, each with its inline error underneath. */
import { Button, FormGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import type { ContactRow } from './contactRows';
import { SharedContactHint } from './SharedContact';

export interface ContactPointsEditorProps {
  rows: ContactRow[];
  errors: Array<string | undefined>;
  onChange(index: number, patch: Partial<ContactRow>): void;
  onAdd(kind: 'phone' | 'email'): void;
  onRemove(index: number): void;
  /** The patient being edited (their own contact points are not "someone else's"). */
  patientId?: number;
}

export function ContactPointsEditor({ rows, errors, onChange, onAdd, onRemove, patientId }: ContactPointsEditorProps) {
  return (
    <fieldset className="fd-fieldset" data-testid="contact-points">
      <legend>Contact points</legend>
      {rows.length === 0 && <p className="fd-muted">No phone or email yet. Without one, Frontdesk cannot message this patient.</p>}
      {rows.map((row, index) => {
        const error = errors[index];
        const inputId = `contact-${row.key}`;
        return (
          <FormGroup
            key={row.key}
            label={row.kind === 'phone' ? `Phone ${index + 1}` : `Email ${index + 1}`}
            labelFor={inputId}
            intent={error ? Intent.DANGER : Intent.NONE}
            helperText={
              error ? <span data-testid={`contact-${index}-error`}>{error}</span> : <SharedContactHint kind={row.kind} value={row.value} exceptPatientId={patientId} />
            }
          >
            <div className="fd-contact-row">
              <HTMLSelect
                aria-label="Kind"
                value={row.kind}
                onChange={(e) => onChange(index, { kind: e.currentTarget.value === 'email' ? 'email' : 'phone' })}
                options={[
                  { value: 'phone', label: 'Phone' },
                  { value: 'email', label: 'Email' },
                ]}
                data-testid={`contact-${index}-kind`}
              />
              <InputGroup
                id={inputId}
                type={row.kind === 'email' ? 'email' : 'tel'}
                value={row.value}
                placeholder={row.kind === 'email' ? 'name@example.com' : '(555) 123-4567 or +1 555 123 4567'}
                intent={error ? Intent.DANGER : Intent.NONE}
                aria-invalid={error ? true : undefined}
                onValueChange={(value) => onChange(index, { value })}
                onBlur={() => onChange(index, { touched: true })}
                data-testid={`contact-${index}-value`}
              />
              <InputGroup
                aria-label="Label"
                value={row.label}
                placeholder={row.kind === 'email' ? 'email' : 'mobile'}
                onValueChange={(label) => onChange(index, { label })}
                data-testid={`contact-${index}-label`}
              />
              <Button icon="trash" variant="minimal" aria-label={`Remove ${row.kind} ${index + 1}`} onClick={() => onRemove(index)} data-testid={`contact-${index}-remove`} />
            </div>
          </FormGroup>
        );
      })}
      <Button icon="phone" text="Add phone" onClick={() => onAdd('phone')} data-testid="add-phone" />{' '}
      <Button icon="envelope" text="Add email" onClick={() => onAdd('email')} data-testid="add-email" />
    </fieldset>
  );
}
