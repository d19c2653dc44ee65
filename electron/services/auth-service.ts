/** First-run admin, sign-in, sign-out, idle unlock and staff accounts. */
import type { AppDb } from '../db/database';
import type { Clock } from '../foundation/clock';
import { conflict, DomainError, notFound } from '../foundation/errors';
import { countStaff, findStaffById, findStaffByUsername, insertStaff, listStaff, updateStaff, type StaffRow } from '../repos/staff-repo';
import { appendAudit } from '../repos/audit-repo';
import type { PasswordHasher } from './passwords';
import type { Sessions } from './sessions';
import type { SignInThrottle, SuccessAction } from './sign-in-throttle';
import type { Role } from '../../shared/ipc/define';
import type { StaffView } from '../../shared/domain';
import type { AuthState } from '../../shared/contract/auth';
import type { EventBus } from '../foundation/event-bus';

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
    private readonly passwords: PasswordHasher,
    private readonly throttle: SignInThrottle,
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
    const passwordHash = await this.passwords.hash(input.password);
    // Re-check after the await: two first-run submissions must not create two admins.
    if (countStaff(this.db) > 0) throw conflict('Frontdesk is already set up; sign in instead');
    const now = this.clock.now();
    const row = insertStaff(this.db, { ...input, role: 'admin', passwordHash, createdAt: now });
    this.recordSignIn(sessionKey, row, 'auth.setupAdmin');
    return toStaffView(findStaffById(this.db, row.id) ?? row);
  }

  async signIn(sessionKey: string, input: { username: string; password: string }): Promise<StaffView> {
    const row = findStaffByUsername(this.db, input.username);
    this.throttle.assertMayTry(input.username, row?.id ?? null, 'sign-in');
    // Verify against a throwaway hash when the user is unknown, so timing does not reveal names.
    const ok = await this.passwords.verify(input.password, row?.passwordHash ?? (await this.passwords.dummyHash()));
    if (!row || !ok || !row.active) {
      this.throttle.failed(input.username, row?.id ?? null, 'auth.signInFailed');
      throw badCredentials();
    }
    await this.upgradeHash(row, input.password);
    this.recordSignIn(sessionKey, row, 'auth.signIn');
    return toStaffView(findStaffById(this.db, row.id) ?? row);
  }

  async unlock(sessionKey: string, password: string): Promise<StaffView> {
    const session = this.sessions.get(sessionKey);
    if (!session) throw new DomainError('unauthenticated', 'Nobody is signed in');
    const row = findStaffById(this.db, session.staff.id);
    if (!row) throw new DomainError('unauthenticated', 'Nobody is signed in');
    this.throttle.assertMayTry(row.username, row.id, 'unlock');
    if (!row.active || !(await this.passwords.verify(password, row.passwordHash))) {
      this.throttle.failed(row.username, row.id, 'auth.unlockFailed');
      throw new DomainError('unauthenticated', 'That password is not right');
    }
    await this.upgradeHash(row, password);
    this.sessions.unlock(sessionKey);
    this.throttle.succeeded(row.username, row.id, 'auth.unlock');
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
    const passwordHash = await this.passwords.hash(input.password);
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
    const passwordHash = input.password ? await this.passwords.hash(input.password) : undefined;
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

  /** A hash made with older, cheaper parameters is replaced while the password is at hand. */
  private async upgradeHash(row: StaffRow, password: string): Promise<void> {
    if (!this.passwords.needsRehash(row.passwordHash)) return;
    const passwordHash = await this.passwords.hash(password);
    updateStaff(this.db, row.id, { passwordHash });
    appendAudit(this.db, { at: this.clock.now(), staffId: row.id, action: 'auth.passwordRehashed', detail: { from: row.passwordHash.split('$').slice(1, 4).join('/') } });
  }

  private recordSignIn(sessionKey: string, row: StaffRow, action: SuccessAction): void {
    const now = this.clock.now();
    updateStaff(this.db, row.id, { lastSignInAt: now });
    this.sessions.signIn(sessionKey, { id: row.id, role: row.role });
    this.throttle.succeeded(row.username, row.id, action);
    this.events.emit('auth.changed', { reason: 'signed_in' });
  }
}
