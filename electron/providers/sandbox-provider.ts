/**
 * The sandbox (default on first run): no network, no credentials. An accepted message is simply
 * the delivery row itself in state `delivered` with provider `sandbox`; the simulated phone and
 * mailbox (`sandbox.inbox`) read those rows, so the sandbox survives restarts with the database.
 */
import type { Channel } from '../../shared/domain';
import type { Accepted, OutgoingMessage, Provider } from './provider-types';

export function createSandboxProvider(): Provider {
  return {
    name: 'sandbox',
    send: (message: OutgoingMessage): Promise<Accepted> =>
      Promise.resolve({
        providerId: `sandbox-${message.deliveryId}`,
        providerStatus: 'delivered',
        sender: 'sandbox',
        segments: null,
        price: 0,
        priceUnit: null,
        finalState: 'delivered',
      }),
    probe: () => Promise.resolve(),
    senderFor: (channel: Channel) => `sandbox:${channel}`,
    close: () => Promise.resolve(),
  };
}
