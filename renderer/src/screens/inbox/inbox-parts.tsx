/**
 * The parts of the inbox that its first screen does not show: the composer, the context panel,
 * the training phone and the dialogs. Each is its own chunk, so the list paints without parsing
 * them (and the phone-number metadata, date library and schemas they pull in); the inbox asks
 * for them right after its first paint, so they are there when a conversation is opened.
 */
import { Suspense, useState, type ReactElement, type ReactNode } from 'react';
import { preloadable } from '../../lib/preloadable';
import type * as ComposerModule from './Composer';
import type * as ContextPanelModule from './ContextPanel';
import type * as TrainingPhoneModule from '../training-phone/TrainingPhonePanel';
import type * as NewMessageModule from './NewMessageDialog';
import type * as SnoozeModule from './SnoozeDialog';

type PartOf<C extends (props: never) => unknown> = (props: Parameters<C>[0]) => ReactElement;

const composer = preloadable(() => import('./Composer').then((m) => m.Composer));
const contextPanel = preloadable(() => import('./ContextPanel').then((m) => m.ContextPanel));
const trainingPhone = preloadable(() => import('../training-phone/TrainingPhonePanel').then((m) => m.TrainingPhonePanel));
const newMessage = preloadable(() => import('./NewMessageDialog').then((m) => m.NewMessageDialog));
const snooze = preloadable(() => import('./SnoozeDialog').then((m) => m.SnoozeDialog));

export const Composer: PartOf<typeof ComposerModule.Composer> = composer.Component;
export const ContextPanel: PartOf<typeof ContextPanelModule.ContextPanel> = contextPanel.Component;
export const TrainingPhonePanel: PartOf<typeof TrainingPhoneModule.TrainingPhonePanel> = trainingPhone.Component;
export const NewMessageDialog: PartOf<typeof NewMessageModule.NewMessageDialog> = newMessage.Component;
export const SnoozeDialog: PartOf<typeof SnoozeModule.SnoozeDialog> = snooze.Component;

/**
 * Starts loading every part. A part that fails to load here fails again when it is first shown,
 * where the screen's error boundary says so; here the failure is left unhandled, so it still
 * shows in the console.
 */
export function preloadInboxParts(): void {
  for (const part of [composer, contextPanel, trainingPhone, newMessage, snooze]) void part.preload();
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
