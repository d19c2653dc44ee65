/**
 * Which conversation staff are reading right now: the inbox sets it while a thread is open, the
 * new-message toast skips that conversation, and the inbox marks it read as replies arrive.
 */
let viewing: number | null = null;

export function setViewingConversation(id: number | null): void {
  viewing = id;
}

/** The open conversation, while the page is visible; null otherwise. */
export function viewingConversation(): number | null {
  if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return null;
  return viewing;
}
