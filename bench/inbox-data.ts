/**
 * The inbox benchmarks' data set: 10,000 conversations, each with a patient and a message, the
 * newest of them a thread of 5,000 messages (mixed channels, deliveries in every state), written
 * straight into a fresh database with the production migrations.
 */
import { openTempDatabase } from '../electron/db/test-db';

export const CONVERSATIONS = 10_000;
export const THREAD_MESSAGES = 5_000;
const WORDS = 'appointment tomorrow confirm reschedule thanks please call back running late parking invoice insurance results dentist cleaning'.split(' ');

function sentence(i: number, n = 8): string {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(WORDS[(i * 7 + k * 3) % WORDS.length] ?? 'hello');
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

/** Writes the data set straight into a fresh database in `dataDir` (production migrations). */
export function seedInbox(dataDir: string, now: number): { threadConversationId: number } {
  const temp = openTempDatabase({ dir: dataDir });
  const db = temp.sqlite;
  const insertPatient = db.prepare(
    'insert into patients (first_name, last_name, language, tags, archived, created_at, updated_at) values (?, ?, ?, ?, 0, ?, ?)',
  );
  const insertContact = db.prepare(
    "insert into contact_points (patient_id, kind, value, label, status, is_primary, created_at, updated_at) values (?, 'phone', ?, 'mobile', 'ok', 1, ?, ?)",
  );
  const insertConversation = db.prepare(
    'insert into conversations (patient_id, status, unread_count, last_message_at, last_message_preview, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertMessage = db.prepare(
    "insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, purpose, emergency, created_at) values (?, ?, ?, ?, ?, ?, ?, 'transactional', 0, ?)",
  );
  const insertDelivery = db.prepare(
    "insert into deliveries (message_id, channel, address, provider, state, reason_code, attempt_count, created_at, updated_at) values (?, ?, ?, 'sandbox', ?, ?, 1, ?, ?)",
  );
  const channels = ['sms', 'sms', 'sms', 'email', 'whatsapp'] as const;
  const states = ['delivered', 'delivered', 'sent', 'held', 'failed'] as const;
  let threadConversationId = 0;
  db.transaction(() => {
    for (let i = 0; i < CONVERSATIONS; i++) {
      const at = now - i * 60_000;
      const phone = `+1212555${String(i).padStart(4, '0')}`;
      const patientId = Number(insertPatient.run(`Pat${i}`, `Tester${i}`, 'en', '[]', at, at).lastInsertRowid);
      insertContact.run(patientId, phone, at, at);
      const body = sentence(i);
      const conversationId = Number(insertConversation.run(patientId, 'open', i % 4 === 0 ? 1 : 0, at, body, at, at).lastInsertRowid);
      if (i === 0) threadConversationId = conversationId;
      if (i === 0) {
        for (let m = 0; m < THREAD_MESSAGES; m++) {
          const mAt = at - (THREAD_MESSAGES - m) * 30_000;
          const inbound = m % 3 === 0;
          const channel = channels[m % channels.length] ?? 'sms';
          const text = m % 10 === 0 ? `${sentence(m, 40)} ${sentence(m + 1, 30)}` : sentence(m, 6 + (m % 12));
          const messageId = Number(insertMessage.run(conversationId, patientId, inbound ? 'inbound' : 'outbound', channel, phone, text, inbound ? 'patient' : 'staff', mAt).lastInsertRowid);
          if (!inbound) {
            const state = states[m % states.length] ?? 'sent';
            insertDelivery.run(messageId, channel, phone, state, state === 'held' ? 'quiet_hours' : state === 'failed' ? 'invalid_number' : null, mAt, mAt);
          }
        }
      } else {
        insertMessage.run(conversationId, patientId, 'inbound', channels[i % channels.length] ?? 'sms', phone, body, 'patient', at);
      }
    }
  })();
  db.close();
  return { threadConversationId };
}
