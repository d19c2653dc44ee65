/** Whether a string names an IANA time zone this runtime knows (cached: asked once per zone). */
const known = new Map<string, boolean>();

export function isValidTimeZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  let ok = known.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = true;
    } catch {
      // Intl throws a RangeError for an unknown zone: that is the answer, not a failure.
      ok = false;
    }
    known.set(zone, ok);
  }
  return ok;
}

/** `zone` when Intl knows it, else `fallback` (a zone stored long ago, or named by an older ICU, reads as the clinic's). */
export function zoneOr(zone: string | null | undefined, fallback: string): string {
  return isValidTimeZone(zone) ? zone : fallback;
}
