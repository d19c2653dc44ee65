import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { roleSchema, staffViewSchema } from '../domain';

const username = z.string().trim().toLowerCase().min(3, 'At least 3 characters').max(40).regex(/^[a-z0-9._-]+$/, 'Letters, digits, dot, dash and underscore only');
const password = z.string().min(8, 'At least 8 characters').max(200);

export const authState = z.object({
  needsSetup: z.boolean(),
  staff: staffViewSchema.nullable(),
  locked: z.boolean(),
  idleLockMinutes: z.number().int(),
});
export type AuthState = z.infer<typeof authState>;

export const authCalls = {
  'auth.state': defineCall({
    input: z.object({}).strict(),
    output: authState,
    access: 'public',
    mutates: false,
    summary: 'Whether first-run setup is needed, who is signed in and whether the app is locked.',
  }),
  'auth.setupAdmin': defineCall({
    input: z.object({ username, displayName: z.string().trim().min(1).max(100), password }).strict(),
    output: staffViewSchema,
    access: 'public',
    mutates: true,
    summary: 'First run only: create the admin account and sign it in.',
  }),
  'auth.signIn': defineCall({
    input: z.object({ username, password: z.string().min(1).max(200) }).strict(),
    output: staffViewSchema,
    access: 'public',
    mutates: true,
    summary: 'Sign in with a username and password.',
  }),
  'auth.unlock': defineCall({
    input: z.object({ password: z.string().min(1).max(200) }).strict(),
    output: staffViewSchema,
    access: 'public',
    mutates: true,
    summary: 'Unlock an idle-locked session with the signed-in staff member’s password.',
  }),
  'auth.signOut': defineCall({
    input: z.object({}).strict(),
    output: z.null(),
    access: 'public',
    mutates: true,
    summary: 'Sign out.',
  }),
  'auth.activity': defineCall({
    input: z.object({}).strict(),
    output: z.null(),
    access: 'receptionist',
    mutates: false,
    summary: 'The staff member typed, clicked or touched the screen (reported by the renderer, throttled): postpones the idle lock. Nothing else counts as activity.',
  }),
  'staff.list': defineCall({
    input: z.object({}).strict(),
    output: z.array(staffViewSchema),
    access: 'admin',
    mutates: false,
    summary: 'All staff accounts.',
  }),
  'staff.create': defineCall({
    input: z.object({ username, displayName: z.string().trim().min(1).max(100), role: roleSchema, password }).strict(),
    output: staffViewSchema,
    access: 'admin',
    mutates: true,
    summary: 'Create a staff account.',
  }),
  'staff.update': defineCall({
    input: z
      .object({
        id: z.number().int().positive(),
        displayName: z.string().trim().min(1).max(100).optional(),
        role: roleSchema.optional(),
        active: z.boolean().optional(),
        password: password.optional(),
      })
      .strict(),
    output: staffViewSchema,
    access: 'admin',
    mutates: true,
    summary: 'Change a staff account’s name, role, active flag or password.',
  }),
};
