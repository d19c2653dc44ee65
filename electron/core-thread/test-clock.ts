/**
 * Tests that run the real core thread (the shell's smoke test) need to move the core's time
 * forward, e.g. past the idle lock. The worker has its own Date, so a fake clock in the test's
 * thread does not reach it; instead the test worker entry (test-worker-entry.ts) shifts its
 * Date.now by an offset the test sends over a BroadcastChannel, and acknowledges each change.
 */
import { BroadcastChannel } from 'node:worker_threads';

export const TEST_CLOCK_CHANNEL = 'frontdesk-test-clock';

let seq = 0;

/** Sets the core thread's clock to real time + offsetMs; resolves once the worker has it. */
export async function setWorkerClockOffset(offsetMs: number): Promise<void> {
  const channel = new BroadcastChannel(TEST_CLOCK_CHANNEL);
  const id = ++seq;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the core thread did not acknowledge the test clock')), 10_000);
      channel.onmessage = (event) => {
        const data = (event as { data: { ack?: number } }).data;
        if (data.ack === id) {
          clearTimeout(timer);
          resolve();
        }
      };
      channel.postMessage({ seq: id, offsetMs });
    });
  } finally {
    channel.close();
  }
}
