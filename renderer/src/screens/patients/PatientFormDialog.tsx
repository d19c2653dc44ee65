/**
 * Create or edit a patient. Contact points are checked as the user types (shared/phone.ts, the
 * same rules as main); the server's field issues (`contactPoints.0.value`, `firstName`, …) show
 * under the matching field until that field is edited.
 */
import { Button, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, Intent, TagInput } from '@blueprintjs/core';
import { useRef, useState, type FormEvent } from 'react';
import type { PatientDetail } from '../../../../shared/domain';
import { useSubmit } from '../../ipc/useSubmit';
import { useClinic } from '../../lib/ClinicContext';
import { TextField } from '../../forms/TextField';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { issuesByPath, unplacedIssues, withoutPath, type FieldErrors } from '../../forms/issues';
import { ContactPointsEditor } from './ContactPointsEditor';
import { contactRowError, newContactRow, rowsFromView, rowsToInput, type ContactRow } from './contactRows';
import { LANGUAGES } from './languages';
import { isValidTimeZone } from '../../../../shared/time-zone';
import { timeZoneNames } from '../../lib/time-zones';

const FIELDS = ['firstName', 'lastName', 'dateOfBirth', 'externalId', 'language', 'timeZone'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

function initialValues(patient: PatientDetail | undefined): Values {
  return {
    firstName: patient?.firstName ?? '',
    lastName: patient?.lastName ?? '',
    dateOfBirth: patient?.dateOfBirth ?? '',
    externalId: patient?.externalId ?? '',
    language: patient?.language ?? 'en',
    timeZone: patient?.timeZone ?? '',
  };
}

function localErrors(values: Values): Partial<Record<Field, string>> {
  return {
    firstName: values.firstName.trim() === '' ? 'First name is required' : undefined,
    lastName: values.lastName.trim() === '' ? 'Last name is required' : undefined,
    dateOfBirth: values.dateOfBirth !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(values.dateOfBirth) ? 'Use the form YYYY-MM-DD' : undefined,
    timeZone: values.timeZone.trim() !== '' && !isValidTimeZone(values.timeZone.trim()) ? 'Unknown time zone; use a name like America/Chicago' : undefined,
  };
}

export function PatientFormDialog({ patient, onClose, onSaved }: { patient?: PatientDetail; onClose(): void; onSaved(patient: PatientDetail): void }) {
  const { settings } = useClinic();
  const [values, setValues] = useState<Values>(() => initialValues(patient));
  const [rows, setRows] = useState<ContactRow[]>(() => (patient ? rowsFromView(patient.contactPoints) : [newContactRow('phone')]));
  const [tags, setTags] = useState<string[]>(() => patient?.tags ?? []);
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const create = useSubmit('patients.create');
  const update = useSubmit('patients.update');
  const saving = patient ? update : create;
  const formRef = useRef<HTMLFormElement>(null);

  const local = localErrors(values);
  const rowErrors = rows.map((row) => {
    const own = row.touched || attempted ? contactRowError(row, settings.defaultCountry) : undefined;
    return own ?? serverErrors[`contactPoints.${rows.indexOf(row)}.value`] ?? serverErrors[`contactPoints.${rows.indexOf(row)}`];
  });
  const fieldError = (field: Field) => (attempted ? local[field] : undefined) ?? serverErrors[field];

  const setField = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors((e) => withoutPath(e, field));
  };
  const changeRow = (index: number, patch: Partial<ContactRow>) => {
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...patch } : r)));
    if (patch.value !== undefined || patch.kind !== undefined) setServerErrors((e) => withoutPath(withoutPath(e, `contactPoints.${index}.value`), `contactPoints.${index}`));
  };
  const dropContactIssues = () => setServerErrors((e) => Object.fromEntries(Object.entries(e).filter(([path]) => !path.startsWith('contactPoints'))));

  const focusFirstError = () => {
    window.requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    const invalid = Object.values(local).some(Boolean) || rows.some((row) => contactRowError(row, settings.defaultCountry));
    if (invalid) {
      focusFirstError();
      return;
    }
    const fields = {
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      dateOfBirth: values.dateOfBirth || null,
      externalId: values.externalId.trim() || null,
      language: values.language,
      timeZone: values.timeZone.trim() || null,
      tags,
      contactPoints: rowsToInput(rows),
    };
    const saved = patient ? await update.submit({ id: patient.id, ...fields }) : await create.submit(fields);
    if (saved.ok) {
      onSaved(saved.value);
      return;
    }
    setServerErrors(issuesByPath(saved.error));
    focusFirstError();
  };

  const shown = (path: string) => (FIELDS as readonly string[]).includes(path) || path === 'tags' || /^contactPoints\.\d+(\.value)?$/.test(path);

  return (
    <Dialog isOpen onClose={onClose} title={patient ? `Edit ${patient.firstName} ${patient.lastName}` : 'New patient'} icon="person" className="fd-dialog-wide">
      <form ref={formRef} onSubmit={onSubmit} noValidate data-testid="patient-form">
        <DialogBody>
          <div className="fd-row">
            <TextField label="First name" value={values.firstName} onChange={setField('firstName')} autoFocus required testId="patient-first-name" error={fieldError('firstName')} />
            <TextField label="Last name" value={values.lastName} onChange={setField('lastName')} required testId="patient-last-name" error={fieldError('lastName')} />
          </div>
          <div className="fd-row">
            <TextField label="Date of birth" type="date" value={values.dateOfBirth} onChange={setField('dateOfBirth')} testId="patient-dob" error={fieldError('dateOfBirth')} />
            <TextField label="External id" helper="The id in the practice-management system" value={values.externalId} onChange={setField('externalId')} testId="patient-external-id" error={fieldError('externalId')} />
            <FormGroup label="Language" labelFor="patient-language" helperText={serverErrors.language} intent={serverErrors.language ? Intent.DANGER : Intent.NONE}>
              <HTMLSelect id="patient-language" value={values.language} onChange={(e) => setField('language')(e.currentTarget.value)} options={LANGUAGES.some((l) => l.value === values.language) ? LANGUAGES : [...LANGUAGES, { value: values.language, label: values.language }]} data-testid="patient-language" fill />
            </FormGroup>
          </div>
          <div className="fd-row">
            <TextField label="Time zone" value={values.timeZone} onChange={setField('timeZone')} testId="patient-time-zone" error={fieldError('timeZone')} helper="Leave empty to use the clinic’s; type a city to search" placeholder="America/Chicago" suggestions={timeZoneNames()} />
            <FormGroup label="Tags" labelFor="patient-tags" helperText={serverErrors.tags ?? 'For broadcast audiences; Enter adds a tag'} intent={serverErrors.tags ? Intent.DANGER : Intent.NONE}>
              <TagInput
                inputProps={{ id: 'patient-tags' }}
                values={tags}
                onChange={(next) => setTags([...new Set(next.map((t) => String(t).trim()).filter(Boolean))])}
                addOnBlur
                addOnPaste
                separator=","
                placeholder="e.g. diabetic, family-plan"
                tagProps={{ minimal: true }}
                data-testid="patient-tags"
              />
            </FormGroup>
          </div>
          <ContactPointsEditor
            patientId={patient?.id}
            rows={rows}
            errors={rowErrors}
            onChange={changeRow}
            onAdd={(kind) => {
              setRows((rs) => [...rs, newContactRow(kind)]);
              window.requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>(`[data-testid="contact-${rows.length}-value"]`)?.focus());
            }}
            onRemove={(index) => {
              setRows((rs) => rs.filter((_, i) => i !== index));
              dropContactIssues();
            }}
          />
          <ErrorCallout error={saving.error} extra={unplacedIssues(serverErrors, shown)} title="The patient was not saved" testId="patient-form-error" />
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={onClose} data-testid="patient-cancel" />
              <Button type="submit" intent={Intent.PRIMARY} text={patient ? 'Save changes' : 'Create patient'} loading={saving.submitting} data-testid="patient-save" />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
