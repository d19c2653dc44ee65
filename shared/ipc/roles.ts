/** Staff roles and their order, without zod: the renderer's shell needs them on its first screen. */
export const ROLES = ['receptionist', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** `public` calls work without a signed-in staff member (sign-in itself, first-run setup). */
export type Access = Role | 'public';

export const roleRank: Record<Role, number> = { receptionist: 1, manager: 2, admin: 3 };

export function roleAllows(has: Role, needs: Role): boolean {
  return roleRank[has] >= roleRank[needs];
}
