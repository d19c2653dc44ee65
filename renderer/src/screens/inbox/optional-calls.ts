/**
 * Calls the inbox uses that other features define and may not have merged into the contract
 * index yet: the engine's (shared/contract/engine.ts: messages.send, sandbox.*, engine.status)
 * and the template calls. Engine calls are typed from their own module; the registry answers
 * `unknown_call` when a build lacks a call, and screens say so instead of failing.
 */
import type { engineCalls } from '../../../../shared/contract/engine';
import type { OutputOf } from '../../../../shared/contract';
import type { Channel } from '../../../../shared/domain';
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

// --- templates (shared/contract/templates.ts) ------------------------------------------------------

export type TemplateChoice = OutputOf<'templates.list'>['items'][number];

export type TemplatesAnswer = { ok: true; items: TemplateChoice[] } | { ok: false; error: CallError };

/** Templates for the picker, optionally one category (quick replies), archived ones left out. */
export async function listTemplates(api: Api, category?: TemplateChoice['category']): Promise<TemplatesAnswer> {
  const result = await api.call('templates.list', category ? { category } : {});
  if (!result.ok) return result;
  return { ok: true, items: result.value.items.filter((t) => !t.archived && t.currentVersion > 0) };
}

export type PreviewAnswer = { ok: true; body: string; subject: string | null; warnings: string[] } | { ok: false; error: CallError };

type Rendered = OutputOf<'templates.preview'>['rendered'];

/** The text a rendered template puts in the composer, per channel. */
export function renderedText(rendered: Rendered): { body: string; subject: string | null } {
  switch (rendered.channel) {
    case 'sms':
      return { body: rendered.body, subject: null };
    case 'email':
      return { body: rendered.text, subject: rendered.subject };
    case 'whatsapp':
      return { body: rendered.body ?? '', subject: null };
    case 'voice':
      return { body: rendered.script, subject: null };
  }
}

export async function previewTemplate(api: Api, input: { templateId: number; patientId: number | null; channel: Channel }): Promise<PreviewAnswer> {
  const result = await api.call('templates.preview', {
    templateId: input.templateId,
    channel: input.channel,
    ...(input.patientId !== null ? { patientId: input.patientId } : {}),
  });
  if (!result.ok) return result;
  const text = renderedText(result.value.rendered);
  return { ok: true, ...text, warnings: result.value.warnings.map((w) => w.message) };
}
