/**
 * RFC 3464 delivery-status parsing (providers.md section 8.3). Pure.
 * `5.x.x` with `Action: failed` is permanent (suppress the address); `4.x.x` or `delayed` is not.
 */
export interface DsnRecipient {
  finalRecipient: string;
  action: string;
  status: string;
  diagnostic: string | null;
  permanent: boolean;
}

function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined && !out.has(m[1].toLowerCase())) out.set(m[1].toLowerCase(), m[2].trim());
  }
  return out;
}

/** Strips the address type (`rfc822;`) and angle brackets, lower-cases. */
function addressOf(value: string): string {
  const bare = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  return bare.trim().replace(/^<|>$/g, '').toLowerCase();
}

export function parseDeliveryStatus(text: string): DsnRecipient[] {
  const blocks = text.split(/\r?\n\s*\r?\n/);
  const recipients: DsnRecipient[] = [];
  for (const block of blocks) {
    const f = fields(block);
    const final = f.get('final-recipient') ?? f.get('original-recipient');
    if (!final) continue;
    const action = (f.get('action') ?? '').toLowerCase();
    const status = (/\d\.\d{1,3}\.\d{1,3}/.exec(f.get('status') ?? '') ?? [''])[0];
    recipients.push({
      finalRecipient: addressOf(final),
      action,
      status,
      diagnostic: f.get('diagnostic-code') ?? null,
      permanent: action === 'failed' && status.startsWith('5'),
    });
  }
  return recipients;
}

/** Delivery ids named in Message-ID-like tokens `<delivery-<id>@…>` (In-Reply-To, References). */
export function deliveryIdsIn(headerValues: string[]): number[] {
  const ids: number[] = [];
  for (const value of headerValues) {
    for (const m of value.matchAll(/<delivery-(\d+)@[^>]+>/g)) {
      const id = Number(m[1]);
      if (Number.isSafeInteger(id) && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}
