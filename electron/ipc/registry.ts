/**
 * The call registry: the one place every IPC call (Electron or HTTP dev transport) goes through.
 * It checks the sender, validates the input against the contract, checks the caller's role,
 * runs the handler, validates the output and audits changes. Nothing is thrown to the caller:
 * the result is always `{ ok, value } | { ok, error }`.
 */
import type { z } from 'zod';
import { contract, type CallName } from '../../shared/contract';
import { roleAllows } from '../../shared/ipc/define';
import { fail, ok, type CallResult } from '../../shared/ipc/result';
import type { Clock } from '../foundation/clock';
import { DomainError } from '../foundation/errors';
import type { Logger } from '../foundation/logger';
import type { AppDb } from '../db/database';
import { appendAudit } from '../repos/audit-repo';
import type { SessionStaff, Sessions } from '../services/sessions';
import type { Handler, Handlers } from './handler-types';
import { senderAllowed, type SenderInfo } from './sender-policy';

export interface CallContext {
  sessionKey: string;
  sender: SenderInfo;
}

export interface CallRegistry {
  invoke(name: string, input: unknown, ctx: CallContext): Promise<CallResult<unknown>>;
}

const CALLS_WHILE_LOCKED: ReadonlySet<string> = new Set<CallName>(['auth.unlock', 'auth.signOut', 'auth.state']);

const SECRET_KEYS = /password|secret|token|credential/i;

/** The input as recorded in the audit log, without secrets. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v)]),
    );
  }
  return value;
}

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function createCallRegistry(deps: {
  db: AppDb;
  clock: Clock;
  logger: Logger;
  sessions: Sessions;
  handlers: Handlers;
  allowedOrigins: readonly string[];
}): CallRegistry {
  const { db, clock, logger, sessions, handlers, allowedOrigins } = deps;

  async function invoke(name: string, rawInput: unknown, ctx: CallContext): Promise<CallResult<unknown>> {
    if (!senderAllowed(ctx.sender, allowedOrigins)) {
      logger.warn('call refused: unexpected sender', { call: name, sender: ctx.sender });
      return fail('forbidden_sender', 'This window is not allowed to talk to Frontdesk');
    }
    if (!isCallName(name)) return fail('unknown_call', `There is no call named "${name}"`);
    const spec = contract[name];

    // A locked session gets nothing but the way out: unlock, sign out, and the auth state the
    // lock screen needs (it names only the signed-in staff member). Checked before anything else,
    // so neither public calls (sign-in over the locked screen) nor a reload get round it.
    const session = sessions.get(ctx.sessionKey);
    if (session?.locked && !CALLS_WHILE_LOCKED.has(name)) {
      return fail('locked', 'Frontdesk is locked after being idle; enter your password to continue, or sign out');
    }

    if (spec.access !== 'public') {
      if (!session) return fail('unauthenticated', 'Please sign in first');
      if (!roleAllows(session.staff.role, spec.access)) {
        logger.warn('call refused: role', { call: name, staffId: session.staff.id, role: session.staff.role });
        return fail('forbidden', `This needs the ${spec.access} role; you are signed in as ${session.staff.role}`);
      }
    }
    const staff: SessionStaff | null = session?.staff ?? null;

    // Validated after the role check: a caller without the role learns nothing about the input.
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
      return fail('validation', `Invalid input for ${name}: ${summary}`, issues);
    }

    try {
      const handler = handlers[name] as Handler<CallName>;
      const value = await handler(parsed.data as never, { sessionKey: ctx.sessionKey, staff });
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        logger.error('handler returned a value outside the contract', { call: name, issues: issuesOf(checked.error) });
        return fail('internal', `Frontdesk produced an unexpected answer for ${name}`);
      }
      if (spec.mutates && spec.access !== 'public' && staff) {
        appendAudit(db, { at: clock.now(), staffId: staff.id, action: name, detail: { input: redact(parsed.data) } });
      }
      return ok(checked.data);
    } catch (error) {
      if (error instanceof DomainError) return fail(error.code, error.message, error.issues, error.retryAt);
      logger.error('call failed', { call: name, error });
      return fail('internal', `Something went wrong in ${name}; the details are in the log`);
    }
  }

  return { invoke };
}
