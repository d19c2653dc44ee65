/**
 * Who is signed in on each connection (an Electron webContents, or an HTTP dev client), and the
 * idle lock: a session that saw no activity for the configured minutes becomes locked until the
 * same staff member enters their password again.
 */
import type { Clock } from '../core/clock';
import type { Role } from '../../shared/ipc/define';

export interface SessionStaff {
  id: number;
  role: Role;
}

interface Session {
  staff: SessionStaff;
  lastActivityAt: number;
  locked: boolean;
}

export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly idleLockMinutes: () => number,
  ) {}

  signIn(key: string, staff: SessionStaff): void {
    this.sessions.set(key, { staff, lastActivityAt: this.clock.now(), locked: false });
  }

  signOut(key: string): void {
    this.sessions.delete(key);
  }

  /** Signs out every session of one staff member (account deactivated or role changed). */
  signOutStaff(staffId: number): void {
    for (const [key, s] of this.sessions) if (s.staff.id === staffId) this.sessions.delete(key);
  }

  /** The session's state, locking it first if it has been idle too long. */
  get(key: string): { staff: SessionStaff; locked: boolean } | null {
    const session = this.sessions.get(key);
    if (!session) return null;
    if (!session.locked && this.clock.now() - session.lastActivityAt > this.idleLockMinutes() * 60_000) {
      session.locked = true;
    }
    return { staff: session.staff, locked: session.locked };
  }

  touch(key: string): void {
    const session = this.sessions.get(key);
    if (session && !session.locked) session.lastActivityAt = this.clock.now();
  }

  unlock(key: string): void {
    const session = this.sessions.get(key);
    if (session) {
      session.locked = false;
      session.lastActivityAt = this.clock.now();
    }
  }
}
