/**
 * Writing a plan: one synchronous SQLite transaction (all valid rows or nothing). Appointment
 * changes are collected as they are written and handed back so the caller announces them
 * after commit through the appointments service (reminders follow).
 */
import type { AppDb } from '../db/database';
import { inTransaction } from '../db/database';
import { insertAppointment, updateAppointment } from '../repos/appointments-repo';
import type { AppointmentChange } from '../services/appointments-service';
import type { Plan } from './plan';
import { patientWriter } from './import-repo';
import { syncHouseholds } from '../repos/households-repo';
import { withDeferredSearchIndex } from '../repos/search-deferred-index';
import type { ContactPointValues } from '../repos/patients-repo';

/** Patients written per statement: big enough that a statement's cost is spread thin, small enough for coarse progress. */
const PATIENT_BATCH = 2000;

export interface ApplyOutcome<T> {
  changes: AppointmentChange[];
  patientIds: number[];
  result: T;
}

/**
 * Runs `makePlan` and writes it inside one transaction, then `finish` (still inside, e.g. the
 * audit entry). `checkpoint` is called every few hundred rows; throwing from it rolls everything back.
 */
export function applyPlanInTransaction<T>(
  db: AppDb,
  now: number,
  makePlan: () => Plan,
  finish: (plan: Plan) => T,
  checkpoint?: (done: number, total: number) => void,
): ApplyOutcome<T> {
  return inTransaction(db, () => {
    const plan = makePlan();
    const writer = patientWriter(db, now);
    const ids = new Map<number, number>();
    const patientIds: number[] = [];
    const withNewContacts: number[] = [];
    const total = plan.patients.length + plan.appointments.length;
    let done = 0;
    const tick = () => {
      done++;
      if (checkpoint && done % 500 === 0) checkpoint(done, total);
    };

    // Names and phones are indexed for search in one statement each after the loop, not per row.
    withDeferredSearchIndex(db, ['patients', 'contact_points'], () => {
      for (let start = 0; start < plan.patients.length; start += PATIENT_BATCH) {
        const batch = plan.patients.slice(start, start + PATIENT_BATCH);
        let nextId = writer.insertMany(batch.filter((op) => op.op === 'create').map((op) => op.values));
        const contacts: Array<{ patientId: number; contact: ContactPointValues }> = [];
        for (const op of batch) {
          let id: number;
          if (op.op === 'create') {
            id = nextId++;
            patientIds.push(id);
          } else {
            id = op.existingId as number;
            if (op.op === 'update') {
              writer.update(id, op.values);
              patientIds.push(id);
            }
          }
          ids.set(op.ref, id);
          for (const contact of op.newContacts) contacts.push({ patientId: id, contact });
          if (op.newContacts.length > 0) withNewContacts.push(id);
        }
        writer.addContacts(contacts);
        done += batch.length;
        checkpoint?.(done, total);
      }
    });
    // A child imported with a parent's phone joins the parent's household.
    // Only the patients who now share a contact point; the rest get theirs on first use.
    const shared = sharingAContactPoint(db, withNewContacts);
    if (shared.length > 0) syncHouseholds(db, shared, now);

    const changes: AppointmentChange[] = [];
    for (const op of plan.appointments) {
      const patientId = 'existingId' in op.patient ? op.patient.existingId : ids.get(op.patient.ref);
      if (patientId === undefined) throw new Error(`import plan refers to patient op ${JSON.stringify(op.patient)} that was not written`);
      const before = op.before;
      if (op.op === 'create') {
        const after = insertAppointment(db, { ...op.values, patientId, createdAt: now, updatedAt: now });
        changes.push({ kind: 'created', before: null, after, source: 'import' });
      } else if (op.op !== 'unchanged' && before) {
        const moved = op.op === 'move';
        const after = updateAppointment(db, before.id, {
          ...(op.op === 'cancel' ? { status: 'cancelled' as const } : op.values),
          ...(moved
            ? { scheduleRevision: before.scheduleRevision + 1, status: 'booked' as const, confirmedAt: null, confirmedVia: null }
            : {}),
          updatedAt: now,
        });
        if (!after) throw new Error(`appointment ${before.id} disappeared during the import`);
        changes.push({ kind: op.op === 'cancel' ? 'cancelled' : moved ? 'moved' : 'updated', before, after, source: 'import' });
      }
      tick();
    }
    checkpoint?.(total, total);
    const result = finish(plan);
    return { changes, patientIds, result };
  });
}


/**
 * Which of these patients share a contact point (same kind and value) with another patient: one
 * query for the whole import instead of one per patient (the test of households-repo's
 * syncSharedHouseholds, set-based).
 */
function sharingAContactPoint(db: AppDb, patientIds: number[]): number[] {
  if (patientIds.length === 0) return [];
  const rows = db.$client
    .prepare(
      `select distinct c1.patient_id p from contact_points c1
       join contact_points c2 on c2.kind = c1.kind and c2.value = c1.value and c2.patient_id != c1.patient_id
       where c1.patient_id in (select value from json_each(?))`,
    )
    .all(JSON.stringify(patientIds)) as Array<{ p: number }>;
  const shared = new Set(rows.map((r) => r.p));
  return patientIds.filter((id) => shared.has(id));
}
