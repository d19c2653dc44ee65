import { z } from 'zod';

export const ROLES = ['receptionist', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** `public` calls work without a signed-in staff member (sign-in itself, first-run setup). */
export type Access = Role | 'public';

export const roleRank: Record<Role, number> = { receptionist: 1, manager: 2, admin: 3 };

export function roleAllows(has: Role, needs: Role): boolean {
  return roleRank[has] >= roleRank[needs];
}

export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** Calls that change data are audited with the staff member's id. */
  mutates: boolean;
  summary: string;
}

export function defineCall<I extends z.ZodType, O extends z.ZodType>(spec: CallSpec<I, O>): CallSpec<I, O> {
  return spec;
}

export type CallInput<S> = S extends CallSpec<infer I, z.ZodType> ? z.input<I> : never;
export type CallOutput<S> = S extends CallSpec<z.ZodType, infer O> ? z.output<O> : never;
