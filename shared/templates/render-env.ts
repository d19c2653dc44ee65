/**
 * Where and when a template renders: the zone and language its dates are written in, and what
 * "now" is. Read by both renderers (Liquid, and the plain-text fast path beside it).
 */
export interface RenderEnv {
  /** IANA zone the `date` filter formats in (the patient's zone). */
  timeZone: string;
  /** Language for month and weekday names. */
  language: string;
  /** What "now" means for `{{ "now" | date: … }}`. */
  now: Date;
}
