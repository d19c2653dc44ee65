/**
 * A rehearsal of the thread, once per app session: when the inbox has painted its list and the
 * page is idle, a made-up thread (every kind of row: in and out, each channel, delivery badges
 * with and without a reason, a held message, a note, a household) is rendered where nothing can
 * see or reach it, measured for two frames, then removed. V8 compiles each function the first
 * time it runs and Blueprint builds its parts on first use, which made the first real open of a
 * conversation several times slower than later ones; after the rehearsal the first open is a
 * later one. No call is made and nothing is audited: the messages are made up.
 *
 * Nowhere to be seen or reached: a closed shadow root (so neither the page's queries nor tests
 * nor assistive technology find it) in a hidden, inert element off screen.
 */
import { startTransition, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { OutputOf } from '../../../../shared/contract';
import type { DeliveryBadge, ThreadMessage } from '../../../../shared/contract/inbox';
import { Thread } from './Thread';

type ThreadValue = OutputOf<'inbox.thread'>;

/** Once per page: the code stays compiled after the rehearsal is removed. */
let rehearsed = false;

const HOUR = 3_600_000;

function badge(id: number, channel: DeliveryBadge['channel'], state: string, reasonCode: string | null, at: number): DeliveryBadge {
  return { deliveryId: id, channel, state, reasonCode, errorCode: state === 'failed' ? '30003' : null, errorText: null, attemptCount: state === 'failed' ? 2 : 1, nextAttemptAt: state === 'held' ? at + HOUR : null, updatedAt: at };
}

/** A thread with one of each kind of row the real ones show. */
export function rehearsalThread(now: number): ThreadValue {
  const channels = ['sms', 'email', 'whatsapp', 'sms'] as const;
  const states: [string, string | null][] = [['delivered', null], ['sent', null], ['held', 'quiet_hours'], ['failed', 'invalid_number'], ['read', null], ['queued', null]];
  const messages: ThreadMessage[] = [];
  for (let i = 0; i < 12; i++) {
    const at = now - (12 - i) * HOUR;
    const outbound = i % 2 === 1;
    const channel = channels[i % channels.length] ?? 'sms';
    const [state, reason] = states[(i >> 1) % states.length] ?? ['sent', null];
    messages.push({
      id: -(i + 1),
      direction: outbound ? 'outbound' : 'inbound',
      channel,
      address: channel === 'email' ? 'patient@example.org' : '+12125550100',
      body: i % 3 === 0 ? 'Could we move Thursday’s appointment to the afternoon? The morning no longer works for us.' : 'Thank you, see you then.',
      subject: channel === 'email' ? 'Your appointment' : null,
      origin: outbound ? (i % 4 === 1 ? 'staff' : 'reminder') : 'patient',
      staffName: outbound && i % 4 === 1 ? 'Front desk' : null,
      patientId: 1,
      patientName: i % 4 === 0 ? null : 'Alex Sample',
      purpose: 'transactional',
      holdExempt: null,
      editable: true,
      createdAt: at,
      deliveries: outbound ? [badge(i + 1, channel, state, reason, at), ...(i === 7 ? [badge(100 + i, 'email', 'sent', null, at)] : [])] : [],
    });
  }
  return {
    conversation: {
      id: -1,
      patientId: 1,
      householdId: 1,
      members: [
        { id: 1, firstName: 'Alex', lastName: 'Sample' },
        { id: 2, firstName: 'Sam', lastName: 'Sample' },
      ],
      title: 'Alex and Sam Sample',
      address: '+12125550100',
      status: 'open',
      assigneeStaffId: null,
      assigneeName: null,
      unreadCount: 0,
      snoozedUntil: null,
      flag: null,
      lastMessageAt: now,
      lastMessagePreview: null,
      channels: ['sms', 'email', 'whatsapp'],
      whatsappWindowEndsAt: null,
    },
    messages,
    notes: [{ id: -1, body: 'Prefers afternoons.', staffName: 'Front desk', createdAt: now - 5.5 * HOUR }],
    hasOlder: true,
  };
}

const noop = () => undefined;

export function ThreadWarmup({ timeZone }: { timeZone: string }) {
  const [stage, setStage] = useState<{ host: HTMLElement; root: ShadowRoot; value: ThreadValue } | null>(null);

  useEffect(() => {
    if (rehearsed) return;
    const idle = requestIdleCallback(
      () => {
        rehearsed = true;
        const host = document.createElement('div');
        host.setAttribute('aria-hidden', 'true');
        host.inert = true;
        host.style.cssText = 'position:fixed;left:-10000px;top:0;width:720px;height:600px;overflow:hidden;visibility:hidden;contain:strict';
        document.body.append(host);
        const root = host.attachShadow({ mode: 'closed' });
        // Interruptible: a click in the meantime is handled first.
        startTransition(() => setStage({ host, root, value: rehearsalThread(Date.now()) }));
      },
      { timeout: 1000 },
    );
    return () => cancelIdleCallback(idle);
  }, []);

  // Rendered: two frames for the measurements (a resize observer reports in the next one), then gone.
  useEffect(() => {
    if (!stage) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        // For the inbox benches, which say whether the open they time came after it.
        performance.mark('frontdesk:thread-rehearsed');
        setStage(null);
      });
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
      stage.host.remove();
    };
  }, [stage]);

  return stage ? createPortal(<Thread value={stage.value} timeZone={timeZone} loadingOlder={false} onLoadOlder={noop} />, stage.root) : null;
}
