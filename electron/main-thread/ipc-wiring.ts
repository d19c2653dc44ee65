/**
 * Connects the core to the renderer over IPC: one invoke channel for every call (the registry
 * checks the sender, validates and dispatches) and one push channel for core events.
 *
 * The desktop app is one workstation with one sign-in: every window and every reload of a window
 * shares the one session, so neither a reload nor a new window gets round the idle lock.
 */
import { BrowserWindow, ipcMain } from 'electron';
import type { EventListener } from '../foundation/event-bus';
import type { EventName } from '../../shared/contract';
import type { CallRegistry } from '../ipc/registry';
import type { Logger } from '../foundation/logger';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/bridge';
import { fail } from '../../shared/ipc/result';

export const DESKTOP_SESSION = 'desktop';

/** What the IPC wiring needs of the core: the in-process core in tests, the worker's host in the app. */
export interface CallableCore {
  registry: CallRegistry;
  subscribe(listener: EventListener): () => void;
  eventAllowed(sessionKey: string, name: EventName): boolean;
}

export function wireIpc(core: CallableCore, logger: Logger): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, name: unknown, input: unknown) => {
    if (typeof name !== 'string') return fail('unknown_call', 'The call name must be a string.');
    try {
      return await core.registry.invoke(name, input, {
        sessionKey: DESKTOP_SESSION,
        sender: {
          transport: 'ipc',
          url: event.senderFrame?.url ?? '',
          isMainFrame: event.senderFrame === event.sender.mainFrame,
        },
      });
    } catch (error) {
      // The registry turns handler errors into results; this is a fault in the registry itself.
      logger.error('ipc call failed outside the registry', { call: name, error });
      return fail('internal', 'Something went wrong in Frontdesk. The details were written to the log.');
    }
  });

  const unsubscribe = core.subscribe((name, payload) => {
    // Events naming patients stop while the desk is locked (or nobody is signed in).
    if (!core.eventAllowed(DESKTOP_SESSION, name)) return;
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  });

  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };
}
