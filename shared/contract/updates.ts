/**
 * App updates (electron-updater in the shell): where the check stands, and "Restart to update"
 * once an update has been downloaded. The restart is refused while a broadcast is sending.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';

export const updateStatusSchema = z.discriminatedUnion('state', [
  /** No update feed: running from source, an unsupported platform, or a build without `publish`. */
  z.object({ state: z.literal('disabled'), reason: z.string() }),
  z.object({ state: z.literal('idle'), checkedAt: z.string().nullable() }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('downloading'), version: z.string(), percent: z.number().min(0).max(100) }),
  z.object({ state: z.literal('downloaded'), version: z.string(), releaseNotes: z.string().nullable() }),
  z.object({ state: z.literal('error'), message: z.string() }),
]);
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const updateCalls = {
  'updates.status': defineCall({
    input: z.object({}).strict(),
    output: updateStatusSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'Whether an update is being downloaded or is ready to install.',
  }),
  'updates.restart': defineCall({
    input: z.object({}).strict(),
    output: z.object({ restarting: z.literal(true) }),
    access: 'receptionist',
    mutates: true,
    summary: 'Restart Frontdesk to install the downloaded update (refused while a broadcast is sending).',
  }),
};
