/** The SQL an import needs: whole-table indexes for matching, and fast inserts inside its transaction. */
import { and, eq, gte, inArray, isNotNull, lt, notInArray } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { AppDb } from '../db/database';
import { multiRowInsertSql } from '../db/multi-row-insert';
import { appointments, importMappings } from '../db/schema';
import type { AppointmentRow } from '../repos/appointments-repo';
import type { ContactPointValues } from '../repos/patients-repo';
import type { ImportKind } from '../../shared/import/fields';

export interface IndexedPatient {
  id: number;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  externalId: string | null;
  language: string;
  archived: boolean;
}

export interface PatientIndex {
  byId: Map<number, IndexedPatient>;
  byExternalId: Map<string, IndexedPatient>;
  /** Built from byId on first use: a file whose rows all carry a known id never needs it. */
  readonly byNameDob: Map<string, IndexedPatient[]>;
  /** Every contact point per patient as kind, value, kind, value, … (a handful: one flat array, no strings made). */
  contacts: Map<number, string[]>;
  /** Patients that already have a primary contact point of a kind: see hasPrimary. */
  primaries: Set<number>;
}

export const nameDobKey = (firstName: string, lastName: string, dateOfBirth: string | null) =>
  `${lastName.trim().toLowerCase()}\u0000${firstName.trim().toLowerCase()}\u0000${dateOfBirth ?? ''}`;

/** A number per patient and kind, not an `id:kind` string: 200,000 of them are held at once. */
const primaryKey = (patientId: number, kind: string) => patientId * 2 + (kind === 'phone' ? 0 : 1);

export function hasContact(contacts: readonly string[], kind: string, value: string): boolean {
  for (let i = 0; i < contacts.length; i += 2) if (contacts[i] === kind && contacts[i + 1] === value) return true;
  return false;
}

export function hasPrimary(index: PatientIndex, patientId: number, kind: string): boolean {
  return index.primaries.has(primaryKey(patientId, kind));
}

type PatientIndexRow = { id: number; first_name: string; last_name: string; date_of_birth: string | null; external_id: string | null; language: string; archived: number };
type ContactIndexRow = { id: number; patient_id: number; kind: string; value: string; is_primary: number };

const PATIENT_PAGE = 'select id, first_name, last_name, date_of_birth, external_id, language, archived from patients where id > ? order by id limit ?';
const CONTACT_PAGE = 'select id, patient_id, kind, value, is_primary from contact_points where id > ? order by id limit ?';

function emptyIndex(): PatientIndex {
  let byNameDob: Map<string, IndexedPatient[]> | null = null;
  const index: PatientIndex = {
    byId: new Map(),
    byExternalId: new Map(),
    get byNameDob() {
      if (!byNameDob) {
        byNameDob = new Map();
        for (const p of index.byId.values()) {
          const key = nameDobKey(p.firstName, p.lastName, p.dateOfBirth);
          const list = byNameDob.get(key);
          if (list) list.push(p);
          else byNameDob.set(key, [p]);
        }
      }
      return byNameDob;
    },
    contacts: new Map(),
    primaries: new Set(),
  };
  return index;
}

function addPatients(index: PatientIndex, rows: PatientIndexRow[]): void {
  for (const r of rows) {
    const p: IndexedPatient = {
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      dateOfBirth: r.date_of_birth,
      externalId: r.external_id,
      language: r.language,
      archived: r.archived === 1,
    };
    index.byId.set(p.id, p);
    if (p.externalId) index.byExternalId.set(p.externalId, p);
  }
}

function addContacts(index: PatientIndex, rows: ContactIndexRow[]): void {
  for (const c of rows) {
    const list = index.contacts.get(c.patient_id);
    if (!list) index.contacts.set(c.patient_id, [c.kind, c.value]);
    else if (!hasContact(list, c.kind, c.value)) list.push(c.kind, c.value);
    if (c.is_primary) index.primaries.add(primaryKey(c.patient_id, c.kind));
  }
}

/** Every patient and contact point, for matching; in one go (inside the apply transaction). */
export function loadPatientIndex(db: AppDb): PatientIndex {
  const index = emptyIndex();
  addPatients(index, db.$client.prepare('select id, first_name, last_name, date_of_birth, external_id, language, archived from patients').all() as PatientIndexRow[]);
  addContacts(index, db.$client.prepare('select id, patient_id, kind, value, is_primary from contact_points').all() as ContactIndexRow[]);
  return index;
}

/**
 * The same index read in pages with a pause between them, for a dry run that must not hold the
 * main process (a dry run changes nothing, so reading across pauses is fine; apply re-reads it).
 */
export async function loadPatientIndexInPages(db: AppDb, pause: () => Promise<unknown>, pageSize = 5000): Promise<PatientIndex> {
  const index = emptyIndex();
  const patientPage = db.$client.prepare(PATIENT_PAGE);
  for (let after = 0; ; ) {
    const rows = patientPage.all(after, pageSize) as PatientIndexRow[];
    addPatients(index, rows);
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]?.id ?? after;
    await pause();
  }
  const contactPage = db.$client.prepare(CONTACT_PAGE);
  for (let after = 0; ; ) {
    const rows = contactPage.all(after, pageSize) as ContactIndexRow[];
    addContacts(index, rows);
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]?.id ?? after;
    await pause();
  }
  return index;
}

export function loadAppointmentsByExternalId(db: AppDb): Map<string, AppointmentRow> {
  const rows = db.select().from(appointments).where(isNotNull(appointments.externalId)).all();
  return new Map(rows.map((r) => [r.externalId as string, r]));
}

export function findAppointmentsAt(db: AppDb, patientId: number, startsAt: number): AppointmentRow[] {
  return db
    .select()
    .from(appointments)
    .where(and(eq(appointments.patientId, patientId), eq(appointments.startsAt, startsAt)))
    .all();
}

/** Open appointments from the practice system (they have an external id) between two instants. */
export function listOpenImportedAppointmentsBetween(db: AppDb, from: number, to: number): AppointmentRow[] {
  return db
    .select()
    .from(appointments)
    .where(
      and(
        gte(appointments.startsAt, from),
        lt(appointments.startsAt, to),
        isNotNull(appointments.externalId),
        notInArray(appointments.status, ['cancelled', 'completed', 'no_show']),
      ),
    )
    .all();
}

/** Open (booked or confirmed) appointments starting between two instants, for the overlap warning. */
export function listOpenAppointmentsBetween(db: AppDb, from: number, to: number): AppointmentRow[] {
  return db
    .select()
    .from(appointments)
    .where(and(gte(appointments.startsAt, from), lt(appointments.startsAt, to), inArray(appointments.status, ['booked', 'confirmed'])))
    .all();
}

export function appointmentsByIds(db: AppDb, ids: number[]): AppointmentRow[] {
  if (ids.length === 0) return [];
  return db.select().from(appointments).where(inArray(appointments.id, ids)).all();
}

type PatientValues = { firstName: string; lastName: string; dateOfBirth: string | null; externalId: string | null; language: string };

/**
 * The id SQLite would give the next patient: AUTOINCREMENT never reuses one, so above both the
 * highest id there is and the highest ever handed out (sqlite_sequence).
 */
const NEXT_PATIENT_ID = `select max(coalesce((select seq from sqlite_sequence where name = 'patients'), 0), coalesce((select max(id) from patients), 0)) + 1 as id`;

/** Rows per multi-row INSERT: 1,000 rows of 8 values stay far below SQLite's 32,766 parameters. */
const ROWS_PER_INSERT = 1000;

/**
 * Inserts rows of `width` values (flat, row after row) in as few statements as ROWS_PER_INSERT
 * allows. The statements live as long as the writer: a shared cache would keep one for every
 * remainder size an import ever ended with.
 */
function rowsInserter(db: AppDb, head: string, width: number) {
  const statements = new Map<number, Database.Statement>();
  const statement = (rows: number) => {
    let s = statements.get(rows);
    if (!s) statements.set(rows, (s = db.$client.prepare(multiRowInsertSql(head, width, rows))));
    return s;
  };
  return (values: unknown[]): void => {
    const rows = values.length / width;
    for (let start = 0; start < rows; start += ROWS_PER_INSERT) {
      const count = Math.min(ROWS_PER_INSERT, rows - start);
      statement(count).run(values.slice(start * width, (start + count) * width));
    }
  };
}

/** Prepared statements for the apply transaction: 100,000 rows go through these. */
export function patientWriter(db: AppDb, now: number) {
  const nextPatientId = db.$client.prepare(NEXT_PATIENT_ID);
  // The ids are given, not left to SQLite, so the caller knows each row's without a read back.
  const insertPatients = rowsInserter(db, 'patients (id, first_name, last_name, date_of_birth, external_id, language, created_at, updated_at)', 8);
  const insertContacts = rowsInserter(db, 'contact_points (patient_id, kind, value, label, is_primary, created_at, updated_at)', 7);
  const updatePatient = db.$client.prepare(
    `update patients set first_name = ?, last_name = ?, date_of_birth = ?, external_id = ?, language = ?, updated_at = ? where id = ?`,
  );
  return {
    /** Inserts the patients in this order with consecutive ids; returns the first. */
    insertMany(list: readonly PatientValues[]): number {
      const first = (nextPatientId.get() as { id: number }).id;
      const values: unknown[] = [];
      list.forEach((p, i) => values.push(first + i, p.firstName, p.lastName, p.dateOfBirth, p.externalId, p.language, now, now));
      insertPatients(values);
      return first;
    },
    update(id: number, p: PatientValues): void {
      updatePatient.run(p.firstName, p.lastName, p.dateOfBirth, p.externalId, p.language, now, id);
    },
    addContacts(list: ReadonlyArray<{ patientId: number; contact: ContactPointValues }>): void {
      const values: unknown[] = [];
      for (const { patientId, contact: c } of list) values.push(patientId, c.kind, c.value, c.label, c.isPrimary ? 1 : 0, now, now);
      insertContacts(values);
    },
  };
}

export function loadMapping(db: AppDb, source: string, kind: ImportKind): Record<string, string> | null {
  const row = db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(and(eq(importMappings.source, source), eq(importMappings.kind, kind)))
    .get();
  return row?.mapping ?? null;
}

export function saveMapping(db: AppDb, source: string, kind: ImportKind, mapping: Record<string, string>, now: number): void {
  db.insert(importMappings)
    .values({ source, kind, mapping, updatedAt: now })
    .onConflictDoUpdate({ target: [importMappings.source, importMappings.kind], set: { mapping, updatedAt: now } })
    .run();
}
