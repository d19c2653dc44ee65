/**
 * Minimal MIME reading for test assertions (mailparser is not installed): header unfolding,
 * RFC 2047 encoded words, multipart splitting, quoted-printable and base64 bodies.
 * Enough for what nodemailer produces; not a general-purpose parser.
 */

export interface MailHeader {
  name: string;
  /** Unfolded and with RFC 2047 encoded words decoded. */
  value: string;
  /** As on the wire (unfolded, not decoded). */
  raw: string;
}

export interface MimePart {
  contentType: string;
  charset: string | null;
  disposition: string | null;
  filename: string | null;
  headers: MailHeader[];
  /** Decoded content bytes. */
  content: Buffer;
  /** Decoded content as text (in its charset; utf-8 by default). */
  text: string;
}

export interface ParsedEntity {
  headers: MailHeader[];
  /** Leaf parts in document order (multiparts flattened). */
  parts: MimePart[];
}

/** Split raw source into header block and body at the first empty line. */
function splitHeadBody(raw: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return { head: raw, body: '' };
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

export function decodeEncodedWords(value: string): string {
  // Adjacent encoded words separated only by whitespace are joined (RFC 2047 section 6.2).
  const joined = value.replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1');
  return joined.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_all, charset: string, enc: string, data: string) => {
    const bytes =
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : qpBytes(data.replace(/_/g, ' '));
    return decodeBytes(bytes, charset);
  });
}

export function parseHeaders(head: string): MailHeader[] {
  const unfolded = head.replace(/\r?\n(?=[ \t])/g, '');
  const headers: MailHeader[] = [];
  for (const line of unfolded.split(/\r?\n/)) {
    const idx = line.indexOf(':');
    if (idx <= 0) continue;
    const raw = line.slice(idx + 1).trim();
    headers.push({ name: line.slice(0, idx).trim(), raw, value: decodeEncodedWords(raw) });
  }
  return headers;
}

export function headerValue(headers: MailHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** A header parameter such as `boundary` or `charset` (quoted or not). */
export function headerParam(value: string | undefined, param: string): string | null {
  if (!value) return null;
  const re = new RegExp(`;\\s*${param}\\*?=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i');
  const m = re.exec(value);
  if (!m) return null;
  const v = m[1] ?? m[2] ?? null;
  // RFC 2231 `filename*=utf-8''…`
  if (v && /^[\w-]+''/.test(v)) return decodeURIComponent(v.replace(/^[\w-]+''/, ''));
  return v === null ? null : decodeEncodedWords(v);
}

function qpBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

export function decodeQuotedPrintable(text: string): Buffer {
  return qpBytes(text.replace(/=\r?\n/g, ''));
}

function decodeBytes(bytes: Buffer, charset: string | null): string {
  const cs = (charset ?? 'utf-8').toLowerCase();
  if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'us-ascii' || cs === 'ascii') return bytes.toString('latin1');
  return bytes.toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    default:
      return Buffer.from(body, 'utf8');
  }
}

export function parseEntity(raw: string): ParsedEntity {
  const { head, body } = splitHeadBody(raw);
  const headers = parseHeaders(head);
  return { headers, parts: leafParts(headers, body) };
}

function leafParts(headers: MailHeader[], body: string): MimePart[] {
  const contentTypeHeader = headerValue(headers, 'Content-Type') ?? 'text/plain; charset=us-ascii';
  const contentType = (contentTypeHeader.split(';')[0] ?? '').trim().toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = headerParam(contentTypeHeader, 'boundary');
    if (!boundary) return [];
    const parts: MimePart[] = [];
    const sections = body.split(new RegExp(`(?:^|\\r?\\n)--${escapeRegExp(boundary)}(?:--)?[ \\t]*(?:\\r?\\n|$)`));
    // sections[0] is the preamble; the last is the epilogue after the closing boundary.
    for (const section of sections.slice(1)) {
      if (section.trim() === '') continue;
      const child = splitHeadBody(section);
      parts.push(...leafParts(parseHeaders(child.head), child.body));
    }
    return parts;
  }
  const charset = headerParam(contentTypeHeader, 'charset');
  const dispositionHeader = headerValue(headers, 'Content-Disposition');
  const content = decodeBody(body, headerValue(headers, 'Content-Transfer-Encoding'));
  return [
    {
      contentType,
      charset,
      disposition: dispositionHeader ? (dispositionHeader.split(';')[0] ?? '').trim().toLowerCase() : null,
      filename: headerParam(dispositionHeader, 'filename') ?? headerParam(contentTypeHeader, 'name'),
      headers,
      content,
      text: decodeBytes(content, charset),
    },
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
