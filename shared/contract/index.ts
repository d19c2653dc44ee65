/**
 * The IPC contract: the single source of truth for every call between renderer and main.
 * Each feature keeps its calls in its own module; this file only merges them.
 */
import type { CallInput, CallOutput } from '../ipc/define';
import { authCalls } from './auth';
import { patientCalls } from './patients';
import { appointmentCalls } from './appointments';
import { settingsCalls } from './settings';
import { inboxCalls } from './inbox';
import { reminderCalls } from './reminders';
import { broadcastCalls } from './broadcasts';
import { schedulerCalls } from './scheduler';
import { engineCalls } from './engine';
import { importCalls } from './import';
import { templateCalls } from './templates';
import { consentCalls } from './consent';
import { dashboardCalls } from './dashboard';
import { updateCalls } from './updates';
import { composeCalls } from './compose';
import { inboxContextCalls } from './inbox-context';
import { trainingPhoneCalls } from './training-phone';

export const contract = {
  ...authCalls,
  ...patientCalls,
  ...appointmentCalls,
  ...settingsCalls,
  ...inboxCalls,
  ...reminderCalls,
  ...broadcastCalls,
  ...schedulerCalls,
  ...engineCalls,
  ...importCalls,
  ...templateCalls,
  ...consentCalls,
  ...dashboardCalls,
  ...updateCalls,
  ...composeCalls,
  ...inboxContextCalls,
  ...trainingPhoneCalls,
};

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type InputOf<N extends CallName> = CallInput<Contract[N]>;
export type OutputOf<N extends CallName> = CallOutput<Contract[N]>;
export const callNames = Object.keys(contract) as CallName[];

export { events, eventsWhileLocked, type EventName, type EventPayload } from './events';
