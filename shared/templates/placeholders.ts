/**
 * Values staff fill in when they insert a quick reply: `[[time]]` or `[[date, e.g. Tue 3 March]]`
 * in a template's text. They are plain text to the template engine (so templates with them save
 * and render as usual); the composer asks for each one before inserting.
 */

const PLACEHOLDER = /\[\[([^[\]\n]{1,80})\]\]/g;

/** The placeholders in order of first appearance, each once. */
export function findPlaceholders(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const label = (m[1] ?? '').trim();
    if (label && !seen.includes(label)) seen.push(label);
  }
  return seen;
}

/** The text with each placeholder replaced by its value (every occurrence). */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, label: string) => values[label.trim()] ?? whole);
}

/** "date, e.g. Tue 3 March" → { name: "date", example: "Tue 3 March" } for the prompt's field. */
export function describePlaceholder(label: string): { name: string; example: string | null } {
  const m = /^(.*?),?\s+e\.g\.\s+(.+)$/i.exec(label);
  return m ? { name: (m[1] ?? label).trim(), example: (m[2] ?? '').trim() } : { name: label, example: null };
}
