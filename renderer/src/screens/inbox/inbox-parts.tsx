/**
 * The parts of the inbox that its first screen does not show: the composer, the context panel,
 * the training phone and the dialogs. Each is its own chunk, so the list paints without parsing
 * them (and the phone-number metadata, date library and schemas they pull in); the inbox asks
 * for them right after its first paint, so they are there when a conversation is opened.
 */
import { lazy, Suspense, useState, type ReactNode } from 'react';

const loadComposer = () => import('./Composer');
const loadContextPanel = () => import('./ContextPanel');
const loadTrainingPhone = () => import('../training-phone/TrainingPhonePanel');
const loadNewMessage = () => import('./NewMessageDialog');
const loadSnooze = () => import('./SnoozeDialog');

export const Composer = lazy(() => loadComposer().then((m) => ({ default: m.Composer })));
export const ContextPanel = lazy(() => loadContextPanel().then((m) => ({ default: m.ContextPanel })));
export const TrainingPhonePanel = lazy(() => loadTrainingPhone().then((m) => ({ default: m.TrainingPhonePanel })));
export const NewMessageDialog = lazy(() => loadNewMessage().then((m) => ({ default: m.NewMessageDialog })));
export const SnoozeDialog = lazy(() => loadSnooze().then((m) => ({ default: m.SnoozeDialog })));

/**
 * Starts loading every part. A part that fails to load here fails again when it is first shown,
 * where the screen's error boundary says so; here the failure is left unhandled, so it still
 * shows in the console.
 */
export function preloadInboxParts(): void {
  for (const load of [loadComposer, loadContextPanel, loadTrainingPhone, loadNewMessage, loadSnooze]) void load();
}

/** A lazily loaded part, with nothing in its place while its chunk arrives. */
export function Part({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return <Suspense fallback={fallback}>{children}</Suspense>;
}

/**
 * Mounts a dialog from the first time it opens on (so it can still animate closed), not before:
 * a dialog that was never opened needs no code.
 */
export function OnceOpened({ isOpen, children }: { isOpen: boolean; children: ReactNode }) {
  const [opened, setOpened] = useState(isOpen);
  if (isOpen && !opened) setOpened(true);
  return opened ? <Part>{children}</Part> : null;
}
