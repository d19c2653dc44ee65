import { z } from 'zod';
import type { Access } from './roles';

export { ROLES, roleRank, roleAllows, type Access, type Role } from './roles';

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
