/** Read queries behind the training phone: contacts to text as, and one address's history. */
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { contactPoints, messages, patients } from '../db/schema';
import type { OutputOf } from '../../shared/contract';

type Contact = OutputOf<'trainingPhone.contacts'>['items'][number];
type Entry = OutputOf<'trainingPhone.history'>['items'][number];

const MAX_CONTACTS = 1000;

export function phoneContacts(db: AppDb): Contact[] {
  const rows = db
    .select({ address: contactPoints.value, kind: contactPoints.kind, patientId: patients.id, first: patients.firstName, last: patients.lastName })
    .from(contactPoints)
    .innerJoin(patients, eq(patients.id, contactPoints.patientId))
    .where(eq(patients.archived, false))
    .orderBy(asc(patients.lastName), asc(patients.firstName), desc(contactPoints.isPrimary))
    .limit(MAX_CONTACTS)
    .all();
  const seen = new Set<string>();
  const out: Contact[] = [];
  for (const r of rows) {
    out.push({ address: r.address, kind: r.kind, name: `${r.first} ${r.last}`, patientId: r.patientId });
    seen.add(r.address);
  }
  // Numbers no patient has that already received something (a test message, an unknown sender).
  const strangers = db
    .selectDistinct({ address: messages.address, channel: messages.channel })
    .from(messages)
    .where(sql`${messages.patientId} is null`)
    .limit(200)
    .all();
  for (const s of strangers) {
    const address = s.address.replace(/^whatsapp:/, '');
    if (seen.has(address)) continue;
    seen.add(address);
    out.push({ address, kind: s.channel === 'email' ? 'email' : 'phone', name: null, patientId: null });
  }
  return out;
}

export function namesForAddress(db: AppDb, address: string): string[] {
  return db
    .select({ first: patients.firstName, last: patients.lastName })
    .from(contactPoints)
    .innerJoin(patients, eq(patients.id, contactPoints.patientId))
    .where(eq(contactPoints.value, address))
    .orderBy(asc(patients.lastName), asc(patients.firstName))
    .all()
    .map((r) => `${r.first} ${r.last}`);
}

/** Every message to or from the address (its WhatsApp form too), oldest first, at most `limit`. */
export function addressHistory(db: AppDb, address: string, limit = 500): Entry[] {
  const rows = db
    .select({
      messageId: messages.id,
      direction: messages.direction,
      channel: messages.channel,
      subject: messages.subject,
      body: messages.body,
      at: messages.createdAt,
      state: sql<string | null>`(select d.state from deliveries d where d.message_id = ${messages.id} order by d.id desc limit 1)`,
    })
    .from(messages)
    .where(inArray(messages.address, [address, `whatsapp:${address}`]))
    .orderBy(desc(messages.id))
    .limit(limit)
    .all();
  return rows.reverse();
}
