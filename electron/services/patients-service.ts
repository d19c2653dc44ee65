/** Patients and their contact points: validation, normalisation, search. */
import type { AppDb } from '../db/database';
import { inTransaction } from '../db/database';
import type { Clock } from '../foundation/clock';
import { conflict, notFound, validationError } from '../foundation/errors';
import type { EventBus } from '../foundation/event-bus';
import {
  findPatient,
  findPatientByExternalId,
  insertPatient,
  listContactPoints,
  replaceContactPoints,
  searchPatients,
  updatePatient,
  type ContactPointValues,
} from '../repos/patients-repo';
import { listAppointmentsForPatient } from '../repos/appointments-repo';
import { contactOwners, householdIdOf, householdMembers } from '../repos/households-repo';
import { normaliseContact } from '../../shared/phone';
import type { ContactPointInput, PatientDetail } from '../../shared/domain';
import type { InputOf, OutputOf } from '../../shared/contract';
import { isValidTimeZone } from './clinic-settings';

export class PatientsService {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly defaultCountry: () => string,
  ) {}

  search(input: InputOf<'patients.search'>): OutputOf<'patients.search'> {
    return searchPatients(this.db, {
      query: input.query,
      includeArchived: input.includeArchived ?? false,
      limit: input.limit ?? 50,
      offset: input.offset ?? 0,
    });
  }

  get(id: number): PatientDetail {
    const found = findPatient(this.db, id);
    if (!found) throw notFound('That patient');
    // Patients written before households existed get theirs on first look.
    const row = found.householdId == null ? { ...found, householdId: householdIdOf(this.db, id, this.clock.now()) } : found;
    return {
      id: row.id,
      firstName: row.firstName,
      lastName: row.lastName,
      dateOfBirth: row.dateOfBirth ?? null,
      externalId: row.externalId ?? null,
      language: row.language,
      timeZone: row.timeZone ?? null,
      tags: row.tags,
      archived: row.archived,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      contactPoints: listContactPoints(this.db, id).map((c) => ({
        id: c.id,
        kind: c.kind,
        value: c.value,
        label: c.label,
        status: c.status,
        statusReason: c.statusReason ?? null,
        isPrimary: c.isPrimary,
        sharedWith: contactOwners(this.db, c.kind, c.value, id),
      })),
      appointments: listAppointmentsForPatient(this.db, id),
      household: this.household(row.householdId ?? null),
    };
  }

  /** Other patients with this phone or email, for the form's "also Maria Lopez's phone". */
  contactOwners(input: InputOf<'patients.contactOwners'>): OutputOf<'patients.contactOwners'> {
    const result = normaliseContact(input.kind, input.value, this.defaultCountry());
    if (!result.ok) return { normalised: null, owners: [] };
    return { normalised: result.value, owners: contactOwners(this.db, input.kind, result.value, input.exceptPatientId ?? null) };
  }

  private household(householdId: number | null): PatientDetail['household'] {
    if (householdId === null) return null;
    const conversation = this.db.$client.prepare('select id from conversations where household_id = ?').get(householdId) as { id: number } | undefined;
    return { id: householdId, conversationId: conversation?.id ?? null, members: householdMembers(this.db, householdId) };
  }

  create(input: InputOf<'patients.create'>): PatientDetail {
    const contacts = this.normaliseContacts(input.contactPoints);
    this.checkTimeZone(input.timeZone);
    const now = this.clock.now();
    const id = inTransaction(this.db, () => {
      if (input.externalId) this.checkExternalIdFree(input.externalId, null);
      const row = insertPatient(this.db, {
        firstName: input.firstName,
        lastName: input.lastName,
        dateOfBirth: input.dateOfBirth ?? null,
        externalId: input.externalId ?? null,
        language: input.language ?? 'en',
        timeZone: input.timeZone ?? null,
        tags: input.tags ?? [],
        createdAt: now,
        updatedAt: now,
      });
      replaceContactPoints(this.db, row.id, contacts, now);
      return row.id;
    });
    this.events.emit('patients.changed', { patientId: id });
    return this.get(id);
  }

  update(input: InputOf<'patients.update'>): PatientDetail {
    const { id, contactPoints, ...fields } = input;
    if (!findPatient(this.db, id)) throw notFound('That patient');
    const contacts = contactPoints ? this.normaliseContacts(contactPoints) : null;
    this.checkTimeZone(fields.timeZone);
    const now = this.clock.now();
    inTransaction(this.db, () => {
      if (fields.externalId) this.checkExternalIdFree(fields.externalId, id);
      updatePatient(this.db, id, { ...fields, updatedAt: now });
      if (contacts) replaceContactPoints(this.db, id, contacts, now);
    });
    this.events.emit('patients.changed', { patientId: id });
    return this.get(id);
  }

  archive(id: number, archived: boolean): PatientDetail {
    if (!updatePatient(this.db, id, { archived, updatedAt: this.clock.now() })) throw notFound('That patient');
    this.events.emit('patients.changed', { patientId: id });
    return this.get(id);
  }

  /** Normalises every contact point, collecting one inline error per bad row. */
  private normaliseContacts(inputs: ContactPointInput[]): ContactPointValues[] {
    const issues: Array<{ path: string; message: string }> = [];
    const out: ContactPointValues[] = [];
    const seen = new Set<string>();
    inputs.forEach((c, i) => {
      const result = normaliseContact(c.kind, c.value, this.defaultCountry());
      if (!result.ok) {
        issues.push({ path: `contactPoints.${i}.value`, message: result.reason });
        return;
      }
      const key = `${c.kind}:${result.value}`;
      if (seen.has(key)) {
        issues.push({ path: `contactPoints.${i}.value`, message: `${result.value} is listed twice` });
        return;
      }
      seen.add(key);
      out.push({ kind: c.kind, value: result.value, label: c.label ?? (c.kind === 'phone' ? 'mobile' : 'email'), isPrimary: c.isPrimary ?? false });
    });
    if (issues.length > 0) throw validationError(issues.map((i) => i.message).join('; '), issues);
    for (const kind of ['phone', 'email'] as const) {
      const ofKind = out.filter((c) => c.kind === kind);
      const first = ofKind[0];
      if (first && !ofKind.some((c) => c.isPrimary)) first.isPrimary = true;
    }
    return out;
  }

  private checkTimeZone(zone: string | null | undefined): void {
    if (zone && !isValidTimeZone(zone)) {
      throw validationError(`Unknown time zone "${zone}"`, [{ path: 'timeZone', message: 'Unknown time zone' }]);
    }
  }

  private checkExternalIdFree(externalId: string, selfId: number | null): void {
    const other = findPatientByExternalId(this.db, externalId);
    if (other && other.id !== selfId) {
      throw conflict(`External id ${externalId} already belongs to ${other.firstName} ${other.lastName}`);
    }
  }
}
