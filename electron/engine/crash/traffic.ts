/** The crash runs' traffic mix, shared by the harness (child) and the soak driver (parent). */
export type PatientKind = 'sms' | 'family' | 'whatsapp' | 'voice' | 'email_fallback' | 'held';

/** Every 10 patients: 3 single SMS, 2 family members (one shared phone), 2 WhatsApp, 1 voice, 1 SMS that falls back to email, 1 held (or SMS). */
export function kindFor(i: number, holds: boolean): PatientKind {
  const k: PatientKind[] = ['sms', 'family', 'family', 'whatsapp', 'sms', 'voice', 'email_fallback', 'whatsapp', 'sms', holds ? 'held' : 'sms'];
  return k[i % k.length] as PatientKind;
}

/** Phones are unique per generation and patient, except a family's two members, who share one. */
export function phoneFor(generation: number, i: number, kind: PatientKind): string {
  const slot = kind === 'family' && i % 10 === 2 ? i - 1 : i;
  return `+1415${String(generation % 1000).padStart(3, '0')}${String(slot).padStart(4, '0')}`;
}

export function emailFor(generation: number, i: number): string {
  return `g${generation}p${i}@crash.test`;
}
