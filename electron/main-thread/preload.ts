/**
 * The preload script (sandboxed, bundled to CommonJS): exposes `window.frontdesk`, one function
 * per contract call plus `onEvent`. The renderer never gets `ipcRenderer` or any way to send on
 * another channel; main validates every input again anyway.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { callNames, type EventName, type EventPayload } from '../../shared/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallFunctions, type FrontdeskBridge } from '../../shared/contract/bridge';
import { fail, type CallResult } from '../../shared/ipc/result';

async function call(name: string, input: unknown): Promise<CallResult<unknown>> {
  try {
    return (await ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input)) as CallResult<unknown>;
  } catch (error) {
    // Only reached if main has no handler yet or the call could not be serialised.
    return fail('unavailable', `Frontdesk could not reach its main process: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const calls = Object.freeze(
  Object.fromEntries(callNames.map((name) => [name, (input: unknown) => call(name, input)])),
) as unknown as CallFunctions;

const bridge: FrontdeskBridge = {
  calls,
  onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    const handler = (_event: IpcRendererEvent, eventName: unknown, payload: unknown) => {
      if (eventName === name) listener(payload as EventPayload<E>);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('frontdesk', Object.freeze(bridge));
