/**
 * Email inbound over IMAP (imapflow): replies and delivery-status reports from the clinic
 * mailbox. Idempotent job with a persisted cursor (UIDVALIDITY + last UID seen).
 * - A reply whose In-Reply-To/References names one of our Message-IDs (`<delivery-<id>@…>`)
 *   joins that delivery's conversation; otherwise the engine files it by the sender's address.
 * - A DSN (multipart/report; delivery-status) with a permanent status suppresses the address
 *   (hard_bounce) and marks the contact point bouncing; a temporary one changes nothing.
 */
import type { ImapFlow, MessageStructureObject } from 'imapflow';
import { imapflowSdk } from '../providers/lazy-sdks';
import type { AppDb } from '../db/database';
import { inTransaction } from '../db/database';
import type { Logger } from '../foundation/logger';
import type { EventBus } from '../foundation/event-bus';
import type { Notifier } from '../foundation/ports';
import type { InboundPort } from '../engine/messaging-port';
import { readJsonCursor, writeJobState } from '../repos/job-state-repo';
import { recordConversationMessage, totalUnread } from '../repos/conversations-repo';
import { deliveryIdsIn, parseDeliveryStatus, type DsnRecipient } from './dsn';
import { insertInboundEmail, markEmailBouncing, threadOfDelivery } from './email-inbound-repo';
import { activeSuppression, insertSuppression } from '../repos/consent-repo';

export interface ImapConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox?: string;
}

export interface ImapPollResult {
  replies: number;
  threaded: number;
  hardBounces: string[];
  softBounces: string[];
}

interface Cursor {
  uidValidity: string;
  lastUid: number;
}

const CURSOR = 'inbound.imap';

function walk(node: MessageStructureObject, visit: (n: MessageStructureObject) => boolean | void): void {
  if (visit(node) === false) return;
  for (const child of node.childNodes ?? []) walk(child, visit);
}

/** The first text/plain part outside attached messages ('1' for a single-part message). */
function textPart(structure: MessageStructureObject): string | null {
  if (!structure.childNodes?.length) return structure.type === 'text/plain' || structure.type === 'text/html' ? (structure.part ?? '1') : null;
  let found: string | null = null;
  walk(structure, (n) => {
    if (found) return false;
    if (n.type === 'message/rfc822') return false;
    if (n.type === 'text/plain' && n.part) found = n.part;
    return undefined;
  });
  return found;
}

function deliveryStatusPart(structure: MessageStructureObject): string | null {
  let found: string | null = null;
  walk(structure, (n) => {
    if (!found && (n.type === 'message/delivery-status' || n.type === 'message/global-delivery-status') && n.part) found = n.part;
  });
  return found;
}

function headerValues(raw: Buffer | undefined, names: string[]): string[] {
  if (!raw) return [];
  const text = raw.toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && names.includes(line.slice(0, i).trim().toLowerCase())) out.push(line.slice(i + 1).trim());
  }
  return out;
}

async function downloadText(client: ImapFlow, uid: number, part: string): Promise<string> {
  const { content } = await client.download(String(uid), part, { uid: true });
  if (!content) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

/** Drops quoted history ("On … wrote:" and `>` lines) from a reply. */
export function replyText(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (/^On .+wrote:\s*$/.test(line) || /^-----Original Message-----/.test(line)) break;
    if (line.startsWith('>')) continue;
    out.push(line);
  }
  return out.join('\n').trim();
}

export function createImapPoller(deps: {
  db: AppDb;
  inbound: InboundPort;
  events: EventBus;
  notifier: Notifier;
  logger: Logger;
  config: () => ImapConfig | null;
}) {
  const { db, logger } = deps;

  const applyBounce = (r: DsnRecipient, now: number) => {
    inTransaction(db, () => {
      if (!activeSuppression(db, 'email', r.finalRecipient)) {
        insertSuppression(db, { channel: 'email', address: r.finalRecipient, reason: 'hard_bounce', detail: `${r.status} ${r.diagnostic ?? ''}`.trim(), now });
      }
      markEmailBouncing(db, r.finalRecipient, `Bounced: ${r.status}`, now);
    });
  };

  return {
    async poll(now: number): Promise<ImapPollResult> {
      const result: ImapPollResult = { replies: 0, threaded: 0, hardBounces: [], softBounces: [] };
      const config = deps.config();
      if (!config) return result;
      const client = new (imapflowSdk().ImapFlow)({
        host: config.host,
        port: config.port,
        secure: config.secure,
        auth: { user: config.user, pass: config.pass },
        logger: false,
        tls: { rejectUnauthorized: config.host !== '127.0.0.1' },
      });
      await client.connect();
      try {
        const lock = await client.getMailboxLock(config.mailbox ?? 'INBOX');
        try {
          const mailbox = client.mailbox;
          const uidValidity = mailbox ? String(mailbox.uidValidity) : '0';
          const saved = readJsonCursor<Cursor>(db, CURSOR, { uidValidity, lastUid: 0 });
          const cursor = saved.uidValidity === uidValidity ? saved : { uidValidity, lastUid: 0 };
          const items: Array<{ uid: number; from: string; subject: string | null; messageId: string | null; refs: string[]; structure: MessageStructureObject | undefined; date: number }> = [];
          for await (const msg of client.fetch(
            `${cursor.lastUid + 1}:*`,
            { uid: true, envelope: true, bodyStructure: true, headers: ['in-reply-to', 'references'] },
            { uid: true },
          )) {
            if (msg.uid <= cursor.lastUid) continue; // `n:*` always returns the last message
            items.push({
              uid: msg.uid,
              from: (msg.envelope?.from?.[0]?.address ?? '').toLowerCase(),
              subject: msg.envelope?.subject ?? null,
              messageId: msg.envelope?.messageId ?? null,
              refs: headerValues(msg.headers, ['in-reply-to', 'references']),
              structure: msg.bodyStructure,
              date: msg.envelope?.date instanceof Date ? msg.envelope.date.getTime() : now,
            });
          }
          let lastUid = cursor.lastUid;
          for (const item of items) {
            const structure = item.structure;
            const dsnPart = structure && structure.type === 'multipart/report' ? deliveryStatusPart(structure) : null;
            if (dsnPart) {
              for (const r of parseDeliveryStatus(await downloadText(client, item.uid, dsnPart))) {
                if (r.permanent) {
                  applyBounce(r, now);
                  result.hardBounces.push(r.finalRecipient);
                } else {
                  result.softBounces.push(r.finalRecipient);
                }
              }
            } else if (item.from) {
              const part = structure ? textPart(structure) : '1';
              const body = part ? replyText(await downloadText(client, item.uid, part)) : '';
              const providerMessageId = item.messageId ?? `imap:${uidValidity}:${item.uid}`;
              const thread = deliveryIdsIn(item.refs)
                .map((id) => threadOfDelivery(db, id))
                .find((t) => t !== undefined);
              if (thread) {
                const id = inTransaction(db, () => {
                  const messageId = insertInboundEmail(db, {
                    conversationId: thread.conversationId,
                    patientId: thread.patientId,
                    address: item.from,
                    subject: item.subject,
                    body,
                    providerMessageId,
                    now,
                  });
                  if (messageId !== null) recordConversationMessage(db, thread.conversationId, { direction: 'inbound', body, at: now });
                  return messageId;
                });
                if (id !== null) {
                  result.replies += 1;
                  result.threaded += 1;
                  const unreadTotal = totalUnread(db);
                  deps.events.emit('conversation.updated', { conversationId: thread.conversationId, unreadTotal });
                  deps.events.emit('message.created', { messageId: id, conversationId: thread.conversationId, direction: 'inbound' });
                  deps.notifier.notify(unreadTotal > 1 ? `New email · ${unreadTotal} unread` : 'New email', item.subject ?? body.slice(0, 120));
                  deps.notifier.setUnreadCount(unreadTotal);
                }
              } else {
                const recorded = deps.inbound.receiveInbound({ channel: 'email', address: item.from, body, subject: item.subject, providerMessageId, receivedAt: item.date });
                if (recorded) result.replies += 1;
              }
            }
            lastUid = Math.max(lastUid, item.uid);
            writeJobState(db, CURSOR, { cursor: JSON.stringify({ uidValidity, lastUid } satisfies Cursor), lastRunAt: now }, now);
          }
          if (items.length === 0) writeJobState(db, CURSOR, { cursor: JSON.stringify({ uidValidity, lastUid } satisfies Cursor), lastRunAt: now }, now);
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
      if (result.replies || result.hardBounces.length || result.softBounces.length) logger.info('mailbox read', { ...result });
      return result;
    },
  };
}
