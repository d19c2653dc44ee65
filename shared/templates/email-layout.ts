/**
 * The branded, responsive email layout. The template's email body is text (Liquid already
 * applied); ALL of it is HTML-escaped here, so a patient-supplied value such as a name
 * `<script>` arrives as text, never as markup. Blank lines make paragraphs, single newlines line
 * breaks, and http(s) links become anchors. A plain-text part is produced alongside.
 */
import type { ClinicBrand } from './context';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const DEFAULT_BRAND = '#1f4e79';
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function brandColor(value: string | undefined): string {
  return value && /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(value) ? value : DEFAULT_BRAND;
}

/** Escape, then turn http(s) URLs into links (the URL text was escaped first, so it cannot break out of the attribute). */
function linkify(escaped: string, color: string): string {
  return escaped.replace(/\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g, (url) => `<a href="${url}" style="color:${color};">${url}</a>`);
}

function paragraphs(text: string, color: string): string {
  return text
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p style="margin:0 0 16px 0;">${linkify(escapeHtml(p), color).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

export interface EmailLayoutInput {
  subject: string;
  /** Rendered body text. */
  body: string;
  language: string;
  clinic: ClinicBrand;
  unsubscribeUrl: string | null;
}

export function emailHtml(input: EmailLayoutInput): string {
  const color = brandColor(input.clinic.brandColor);
  const preheader = escapeHtml(input.body.replace(/\s+/g, ' ').trim().slice(0, 110));
  const contact = [escapeHtml(input.clinic.name), input.clinic.phone ? escapeHtml(input.clinic.phone) : null].filter(Boolean).join(' &middot; ');
  const unsubscribe = input.unsubscribeUrl
    ? `<br><a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#616e7c;">Unsubscribe</a>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(input.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(input.subject)}</title>
<style>
@media (max-width: 620px) { .fd-container { width: 100% !important; } .fd-pad { padding: 20px !important; } }
</style>
</head>
<body style="margin:0;padding:0;background:#f3f5f7;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" class="fd-container" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:600px;background:#ffffff;border-radius:8px;overflow:hidden;">
<tr><td class="fd-pad" style="background:${color};padding:20px 32px;color:#ffffff;font:600 20px/1.3 ${FONT};">${escapeHtml(input.clinic.name)}</td></tr>
<tr><td class="fd-pad" style="padding:32px;color:#1f2933;font:16px/1.5 ${FONT};">
${paragraphs(input.body, color)}
</td></tr>
<tr><td class="fd-pad" style="padding:20px 32px;border-top:1px solid #e4e7eb;color:#616e7c;font:13px/1.5 ${FONT};">${contact}${unsubscribe}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

export function emailText(input: EmailLayoutInput): string {
  const footer = [input.clinic.name + (input.clinic.phone ? ` · ${input.clinic.phone}` : '')];
  if (input.unsubscribeUrl) footer.push(`Unsubscribe: ${input.unsubscribeUrl}`);
  return `${input.body.trim()}\n\n-- \n${footer.join('\n')}\n`;
}
