/**
 * Calls the inbox uses that other features define and may not have merged into the contract
 * index yet: the engine's (shared/contract/engine.ts: messages.send, sandbox.*, engine.status)
 * and the template calls (not written yet). Engine calls are typed from their own module; the
 * registry answers `unknown_call` until their handlers are wired, and screens show that.
 * Template answers are checked at run time against the small shape the inbox needs, so a
 * different shape degrades to "no templates" instead of breaking the composer.
 */
import { z } from 'zod';
import type { engineCalls } from '../../../../shared/contract/engine';
import type { CallInput, CallOutput } from '../../../../shared/ipc/define';
import type { CallError, CallResult } from '../../../../shared/ipc/result';
import type { Api } from '../../ipc/api';

type EngineCalls = typeof engineCalls;
export type EngineCallName = keyof EngineCalls;
export type EngineInput<N extends EngineCallName> = CallInput<EngineCalls[N]>;
export type EngineOutput<N extends EngineCallName> = CallOutput<EngineCalls[N]>;

type UntypedCall = (name: string, input: unknown) => Promise<CallResult<unknown>>;

/** Any call by name, for calls whose module is not in the contract index yet. */
export function callByName(api: Api, name: string, input: unknown): Promise<CallResult<unknown>> {
  const untyped = api.call as unknown as UntypedCall;
  return untyped.call(api, name, input);
}

export function callEngine<N extends EngineCallName>(api: Api, name: N, input: EngineInput<N>): Promise<CallResult<EngineOutput<N>>> {
  return callByName(api, name, input) as Promise<CallResult<EngineOutput<N>>>;
}

/** True when the failure only means "this call is not in this build yet". */
export function isMissingCall(error: CallError | undefined): boolean {
  return error?.code === 'unknown_call' || (error?.code === 'not_found' && /call/i.test(error.message));
}

// --- templates (shape assumed until shared/contract/templates.ts lands) ---------------------------

const templateItemSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    category: z.string().optional(),
    body: z.string().optional(),
    channels: z.array(z.string()).optional(),
  })
  .loose();
export type TemplateChoice = z.infer<typeof templateItemSchema>;

const templateListSchema = z.object({ items: z.array(templateItemSchema) }).loose();
const templatePreviewSchema = z.object({ body: z.string(), subject: z.string().nullable().optional() }).loose();

export type TemplatesAnswer = { ok: true; items: TemplateChoice[] } | { ok: false; error: CallError };

/** Templates for the picker; asks for `category` first and filters locally if the call takes none. */
export async function listTemplates(api: Api, category?: string): Promise<TemplatesAnswer> {
  let result = await callByName(api, 'templates.list', category ? { category } : {});
  if (!result.ok && result.error.code === 'validation' && category) result = await callByName(api, 'templates.list', {});
  if (!result.ok) return result;
  const parsed = templateListSchema.safeParse(result.value);
  if (!parsed.success) return { ok: false, error: { code: 'internal', message: 'The templates came back in a shape this screen does not know' } };
  const items = category ? parsed.data.items.filter((t) => t.category === undefined || t.category === category) : parsed.data.items;
  return { ok: true, items };
}

export type PreviewAnswer = { ok: true; body: string; subject: string | null } | { ok: false; error: CallError };

export async function previewTemplate(
  api: Api,
  input: { templateId: number; patientId: number | null; channel: string },
): Promise<PreviewAnswer> {
  const request: Record<string, unknown> = { templateId: input.templateId, channel: input.channel };
  if (input.patientId !== null) request.patientId = input.patientId;
  const result = await callByName(api, 'templates.preview', request);
  if (!result.ok) return result;
  const parsed = templatePreviewSchema.safeParse(result.value);
  if (!parsed.success) return { ok: false, error: { code: 'internal', message: 'The preview came back in a shape this screen does not know' } };
  return { ok: true, body: parsed.data.body, subject: parsed.data.subject ?? null };
}
