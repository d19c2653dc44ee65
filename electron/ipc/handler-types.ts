import type { z } from 'zod';
import type { CallName, Contract, OutputOf } from '../../shared/contract';
import type { SessionStaff } from '../services/sessions';

export interface HandlerContext {
  sessionKey: string;
  /** The signed-in staff member; null only for `public` calls made before sign-in. */
  staff: SessionStaff | null;
}

/** A handler receives the already-validated (parsed) input. */
export type Handler<N extends CallName> = (
  input: z.output<Contract[N]['input']>,
  ctx: HandlerContext,
) => OutputOf<N> | Promise<OutputOf<N>>;

export type Handlers = { [N in CallName]: Handler<N> };
export type HandlerGroup<K extends CallName> = { [N in K]: Handler<N> };

/** Staff id of a handler's caller; only for calls whose access requires sign-in. */
export function actorId(ctx: HandlerContext): number {
  if (!ctx.staff) throw new Error('handler for a signed-in call ran without a staff member');
  return ctx.staff.id;
}
