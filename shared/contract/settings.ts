import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { clinicSettingsSchema } from '../domain';

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  staffId: z.number().int().nullable(),
  staffName: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

export const settingsCalls = {
  'settings.get': defineCall({
    input: z.object({}).strict(),
    output: clinicSettingsSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'Clinic settings (no secrets).',
  }),
  'settings.update': defineCall({
    input: clinicSettingsSchema.partial().strict(),
    output: clinicSettingsSchema,
    access: 'admin',
    mutates: true,
    summary: 'Change clinic settings.',
  }),
  'audit.list': defineCall({
    input: z.object({ beforeId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
    output: z.array(auditEntrySchema),
    access: 'manager',
    mutates: false,
    summary: 'The audit log, newest first.',
  }),
};
