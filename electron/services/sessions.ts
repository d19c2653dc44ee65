/**
 * Who is signed in on each connection (the desktop app's windows share one; each HTTP dev client
 * has its own), and the idle lock: a session whose staff member has not touched keyboard, mouse
 * or screen for the configured minutes becomes locked until the same person enters their
 * password again.
 *
 * Only the staff member's own input counts as activity. The renderer reports it (throttled) with
 * `auth.activity`; ordinary calls do not count, because screens that poll or refetch on events
 * (the dashboard, the training phone, broadcast progress) would otherwise keep an unattended
 * workstation unlocked forever.
 */
import type { Clock } from '../foundation/clock';
import type { Role } from '../../shared/ipc/define';
import { eventsWhileLocked, type EventName } from '../../shared/contract';

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
  private readonly changeListeners = new Set<() => void>();

  constructor(
    private readonly clock: Clock,
    private readonly idleLockMinutes: () => number,
    /** Told once per session when it locks (to push `auth.changed`). */
    private readonly onLocked: (key: string) => void = () => undefined,
  ) {}

  /**
   * Told after any session signs in, out, locks or unlocks. The core's worker thread uses it to
   * tell the main thread which sessions may receive patient events.
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Keys of the sessions that are signed in and not locked. */
  openKeys(): string[] {
    return [...this.sessions].filter(([, session]) => !session.locked).map(([key]) => key);
  }

  signIn(key: string, staff: SessionStaff): void {
    this.sessions.set(key, { staff, lastActivityAt: this.clock.now(), locked: false });
    this.changed();
  }

  signOut(key: string): void {
    if (this.sessions.delete(key)) this.changed();
  }

  /** Signs out every session of one staff member (account deactivated or role changed). */
  signOutStaff(staffId: number): void {
    let any = false;
    for (const [key, s] of this.sessions) if (s.staff.id === staffId) any = this.sessions.delete(key) || any;
    if (any) this.changed();
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** The session's state, locking it first if it has been idle too long. */
  get(key: string): { staff: SessionStaff; locked: boolean } | null {
    const session = this.sessions.get(key);
    if (!session) return null;
    this.lockIfIdle(key, session);
    return { staff: session.staff, locked: session.locked };
  }

  /** The staff member's own input: postpones the lock. Never unlocks a locked session. */
  activity(key: string): void {
    const session = this.sessions.get(key);
    if (!session) return;
    this.lockIfIdle(key, session);
    if (!session.locked) session.lastActivityAt = this.clock.now();
  }

  unlock(key: string): void {
    const session = this.sessions.get(key);
    if (session) {
      const wasLocked = session.locked;
      session.locked = false;
      session.lastActivityAt = this.clock.now();
      if (wasLocked) this.changed();
    }
  }

  /** Locks every session that has been idle too long (run periodically, so the lock is pushed). */
  sweep(): void {
    for (const [key, session] of this.sessions) this.lockIfIdle(key, session);
  }

  /**
   * Whether a push event may go to this connection: events that name patients, conversations or
   * messages go only to a signed-in, unlocked session.
   */
  mayReceive(key: string, event: EventName): boolean {
    if ((eventsWhileLocked as readonly EventName[]).includes(event)) return true;
    const session = this.get(key);
    return session !== null && !session.locked;
  }

  private lockIfIdle(key: string, session: Session): void {
    if (session.locked) return;
    if (this.clock.now() - session.lastActivityAt <= this.idleLockMinutes() * 60_000) return;
    session.locked = true;
    this.onLocked(key);
    this.changed();
  }
}
