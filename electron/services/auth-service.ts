/** First-run admin, sign-in, sign-out, idle unlock and staff accounts. */
import type { AppDb } from '../db/database';
import type { Clock } from '../core/clock';
import { conflict, DomainError, notFound } from '../core/errors';
import { countStaff, findStaffById, findStaffByUsername, insertStaff, listStaff, updateStaff, type StaffRow } from '../repos/staff-repo';
import { appendAudit } from '../repos/audit-repo';
import { hashPassword, verifyPassword } from './passwords';
import type { Sessions } from './sessions';
import type { Role } from '../../shared/ipc/define';
import type { StaffView } from '../../shared/domain';
import type { AuthState } from '../../shared/contract/auth';
import type { EventBus } from '../core/event-bus';

export function toStaffView(row: StaffRow): StaffView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    active: row.active,
    lastSignInAt: row.lastSignInAt ?? null,
  };
}

const badCredentials = () => new DomainError('unauthenticated', 'That username and password do not match');

export class AuthService {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly sessions: Sessions,
    private readonly events: EventBus,
    private readonly idleLockMinutes: () => number,
  ) {}

  state(sessionKey: string): AuthState {
    const session = this.sessions.get(sessionKey);
    const row = session ? findStaffById(this.db, session.staff.id) : undefined;
    return {
      needsSetup: countStaff(this.db) === 0,
      staff: row ? toStaffView(row) : null,
      locked: session?.locked ?? false,
      idleLockMinutes: this.idleLockMinutes(),
    };
  }

  async setupAdmin(sessionKey: string, input: { username: string; displayName: string; password: string }): Promise<StaffView> {
    if (countStaff(this.db) > 0) throw conflict('Frontdesk is already set up; sign in instead');
    const passwordHash = await hashPassword(input.password);
    // Re-check after the await: two first-run submissions must not create two admins.
    if (countStaff(this.db) > 0) throw conflict('Frontdesk is already set up; sign in instead');
    const now = this.clock.now();
    const row = insertStaff(this.db, { ...input, role: 'admin', passwordHash, createdAt: now });
    this.recordSignIn(sessionKey, row, 'auth.setupAdmin');
    return toStaffView(findStaffById(this.db, row.id) ?? row);
  }

  async signIn(sessionKey: string, input: { username: string; password: string }): Promise<StaffView> {
    const row = findStaffByUsername(this.db, input.username);
    // Verify against a throwaway hash when the user is unknown, so timing does not reveal names.
    const ok = await verifyPassword(input.password, row?.passwordHash ?? DUMMY_HASH);
    if (!row || !ok || !row.active) {
      appendAudit(this.db, { at: this.clock.now(), staffId: row?.id ?? null, action: 'auth.signInFailed', detail: { username: input.username } });
      throw badCredentials();
    }
    this.recordSignIn(sessionKey, row, 'auth.signIn');
    return toStaffView(findStaffById(this.db, row.id) ?? row);
  }

  async unlock(sessionKey: string, password: string): Promise<StaffView> {
    const session = this.sessions.get(sessionKey);
    if (!session) throw new DomainError('unauthenticated', 'Nobody is signed in');
    const row = findStaffById(this.db, session.staff.id);
    if (!row || !row.active || !(await verifyPassword(password, row.passwordHash))) {
      throw new DomainError('unauthenticated', 'That password is not right');
    }
    this.sessions.unlock(sessionKey);
    appendAudit(this.db, { at: this.clock.now(), staffId: row.id, action: 'auth.unlock' });
    this.events.emit('auth.changed', { reason: 'unlocked' });
    return toStaffView(row);
  }

  signOut(sessionKey: string): null {
    const session = this.sessions.get(sessionKey);
    if (session) {
      appendAudit(this.db, { at: this.clock.now(), staffId: session.staff.id, action: 'auth.signOut' });
      this.sessions.signOut(sessionKey);
      this.events.emit('auth.changed', { reason: 'signed_out' });
    }
    return null;
  }

  list(): StaffView[] {
    return listStaff(this.db).map(toStaffView);
  }

  async create(input: { username: string; displayName: string; role: Role; password: string }): Promise<StaffView> {
    if (findStaffByUsername(this.db, input.username)) {
      throw new DomainError('conflict', `The username "${input.username}" is taken`, [{ path: 'username', message: 'Already taken' }]);
    }
    const passwordHash = await hashPassword(input.password);
    return toStaffView(insertStaff(this.db, { ...input, passwordHash, createdAt: this.clock.now() }));
  }

  async update(
    actorId: number,
    input: { id: number; displayName?: string; role?: Role; active?: boolean; password?: string },
  ): Promise<StaffView> {
    const row = findStaffById(this.db, input.id);
    if (!row) throw notFound('That staff member');
    if (input.id === actorId && (input.active === false || (input.role && input.role !== 'admin'))) {
      throw conflict('You cannot deactivate or demote your own account');
    }
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    const updated = updateStaff(this.db, input.id, {
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    });
    if (!updated) throw notFound('That staff member');
    if (input.active === false || (input.role && input.role !== row.role)) this.sessions.signOutStaff(input.id);
    return toStaffView(updated);
  }

  private recordSignIn(sessionKey: string, row: StaffRow, action: string): void {
    const now = this.clock.now();
    updateStaff(this.db, row.id, { lastSignInAt: now });
    this.sessions.signIn(sessionKey, { id: row.id, role: row.role });
    appendAudit(this.db, { at: now, staffId: row.id, action });
    this.events.emit('auth.changed', { reason: 'signed_in' });
  }
}

// scrypt hash of a random password nobody knows; only used to equalise timing.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
