/**
 * The one place the engine turns a message into per-channel content. Today: literal bodies
 * (and a minimal escaped HTML wrapper for email); when shared/templates lands, its renderer is
 * swapped in here and nowhere else.
 */
import type { Channel } from '../../shared/domain';

export interface RenderedContent {
  body: string;
  subject: string | null;
  html: string | null;
}

export interface RenderInput {
  channel: Channel;
  body: string;
  subject: string | null;
  html: string | null;
  clinicName: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function renderForChannel(input: RenderInput): RenderedContent {
  if (input.channel !== 'email') return { body: input.body, subject: null, html: null };
  const subject = input.subject ?? `A message from ${input.clinicName}`;
  const html =
    input.html ??
    `<!doctype html><html><body style="font-family:sans-serif;max-width:600px;margin:auto">` +
      `<h2 style="color:#1f4e79">${escapeHtml(input.clinicName)}</h2>` +
      input.body
        .split(/\n{2,}/)
        .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
        .join('') +
      `</body></html>`;
  return { body: input.body, subject, html };
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXT = '\f^{}\\[~]|€';
const basic = new Set(GSM_BASIC);
const ext = new Set(GSM_EXT);

/**
 * SMS segments for pacing and the ETA (providers.md §4). Stand-in until shared/templates'
 * `countSmsSegments` lands; it follows the same table but does not split graphemes.
 */
export function estimateSegments(channel: Channel, body: string): number {
  if (channel !== 'sms') return 1;
  const chars = Array.from(body);
  const gsm = chars.every((c) => basic.has(c) || ext.has(c));
  if (gsm) {
    const septets = chars.reduce((n, c) => n + (ext.has(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  const units = body.length;
  return units <= 70 ? 1 : Math.ceil(units / 67);
}
