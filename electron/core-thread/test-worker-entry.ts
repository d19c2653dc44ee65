/**
 * The core worker entry for tests that must move the core's time (see test-clock.ts): it shifts
 * Date.now, which the core's system clock reads, then starts the real worker entry.
 */
import { BroadcastChannel } from 'node:worker_threads';
import { TEST_CLOCK_CHANNEL } from './test-clock';

const realNow = Date.now.bind(Date);
let offsetMs = 0;
Date.now = () => realNow() + offsetMs;

const channel = new BroadcastChannel(TEST_CLOCK_CHANNEL);
channel.onmessage = (event) => {
  const data = (event as { data: { seq: number; offsetMs: number } }).data;
  if (typeof data.offsetMs !== 'number') return;
  offsetMs = data.offsetMs;
  channel.postMessage({ ack: data.seq });
};
channel.unref();

await import('./worker-entry');
