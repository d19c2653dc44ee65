/**
 * A conversation's thread: every channel interleaved by time, internal notes in line, each
 * outbound message with its delivery badges. Virtualised with measured row heights so a thread
 * of thousands of messages stays smooth; scrolling to the top loads older messages.
 */
import { Intent, NonIdealState, Spinner, SpinnerSize } from '@blueprintjs/core';
import { elementScroll, useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { ChannelIcon } from './ChannelIcon';
import { DeliveryBadges } from './DeliveryBadges';
import { HeldMessage, heldDelivery } from './HeldMessage';
import { LightButton } from './LightButton';
import { LightIcon } from './LightIcon';
import { formatStamp } from './format';
import { Highlighted } from './highlight';
import { originLabel } from './origin';
import { useFirstFrameOverscan } from '../../lib/useFirstFrameOverscan';
import { estimateEntryPx } from './thread-estimate';
import { threadEntries, type Note, type ThreadValue } from './thread-entries';
import type { ThreadMessage } from '../../../../shared/contract/inbox';
import { useStickToBottom } from './useStickToBottom';

/**
 * Rows rendered beyond the box, each way. A thread's first commit renders only the rows that
 * fill the box (and one more), so the first open paints sooner; the full margin follows in the
 * task after that paint. The rows are measured, so this pays only with a first guess of the box
 * and of each row's height close enough that measuring does not pick other rows (thread-estimate.ts).
 */
const FIRST_OVERSCAN = 1;
const OVERSCAN = 8;
interface Props {
  value: ThreadValue;
  timeZone: string;
  loadingOlder: boolean;
  onLoadOlder(): void;
  /** A search hit to scroll to and mark (with the searched words highlighted). */
  focusMessageId?: number | null;
  search?: string;
  /**
   * The element the thread's scroll box will fill (already laid out when the thread first
   * renders), so the first frame's rows are picked for the real box, not for the window.
   */
  area?: RefObject<HTMLElement | null>;
}

export function Thread({ value, timeZone, loadingOlder, onLoadOlder, focusMessageId = null, search = '', area }: Props) {
  const entries = useMemo(() => threadEntries(value), [value]);
  // Read once, at the first render: the area was laid out in an earlier frame, so this forces no layout.
  const [box] = useState(() => {
    const rect = area?.current?.getBoundingClientRect();
    return rect && rect.height > 0 ? { width: rect.width, height: rect.height } : { width: window.innerWidth, height: window.innerHeight };
  });
  const estimate = useCallback((index: number) => estimateEntryPx(entries[index], scrollRef.current?.clientWidth ?? box.width), [entries, box.width]);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  // A thread opens at its newest message. Left to itself the virtualiser would first lay out the
  // oldest loaded entries for an empty viewport, then measure the real one, then jump to the end:
  // three renders of bubbles, two of them thrown away. Starting it at the end, with the window
  // as its guess of the viewport, makes the first render the one that stays.
  const startAtEnd = useRef(focusMessageId === null);
  // From there it stays on the newest message until the reader scrolls up, through every later
  // change of the box's or the rows' heights (the composer arriving after the thread, a font).
  const end = useStickToBottom(startAtEnd.current);
  const { setScrollBox, follow: followEnd, release: releaseEnd } = end;
  const setScrollElement = useCallback(
    (el: HTMLDivElement | null) => {
      scrollRef.current = el;
      setScrollBox(el);
      followEnd();
    },
    [setScrollBox, followEnd],
  );
  const overscan = useFirstFrameOverscan(FIRST_OVERSCAN, OVERSCAN);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual's API is the documented way to virtualise
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: estimate,
    overscan,
    initialRect: box,
    initialOffset: () => (startAtEnd.current ? Math.max(0, entries.reduce((sum, _, i) => sum + estimate(i), 0) - box.height) : 0),
    getItemKey: (index) => entries[index]?.key ?? index,
    // A chat log: when older messages are prepended the virtualiser keeps the entry in view
    // where it was (by key, to the pixel), so paging back never jumps. The band above the
    // entries keeps one height for the same reason.
    anchorTo: 'end',
    // Its writes are computed from the position it last read, so the reader's scroll must be
    // seen before them (useStickToBottom keeps her move on top of one that would undo it).
    scrollToFn: (offset, options, instance) => end.write(() => elementScroll(offset, options, instance)),
  });

  // Stay at the newest message when new ones arrive if the reader was there.
  const lastKey = entries[entries.length - 1]?.key;
  const conversationId = value.conversation.id;
  const focusIndex = focusMessageId === null ? -1 : entries.findIndex((e) => e.kind === 'message' && e.message.id === focusMessageId);
  // A search hit is centred once, when it is first loaded; later pages must not pull the view back.
  const centred = useRef<string | null>(null);
  useEffect(() => {
    if (focusIndex >= 0) {
      releaseEnd();
      const focus = `${conversationId}:${focusMessageId ?? ''}`;
      if (centred.current !== focus) {
        centred.current = focus;
        virtualizer.scrollToIndex(focusIndex, { align: 'center' });
      }
      return;
    }
    followEnd();
  }, [conversationId, lastKey, entries.length, virtualizer, focusIndex, focusMessageId, followEnd, releaseEnd]);

  // A hit older than the newest page: page back until it is loaded.
  const oldestId = value.messages[0]?.id;
  useEffect(() => {
    if (focusMessageId !== null && focusIndex < 0 && value.hasOlder && !loadingOlder && oldestId !== undefined && oldestId > focusMessageId) onLoadOlder();
  }, [focusMessageId, focusIndex, value.hasOlder, loadingOlder, oldestId, onLoadOlder]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    end.onScroll();
    // Ask for older messages a screen before the top, so they are usually there when it comes.
    if (el.scrollTop < el.clientHeight && value.hasOlder && !loadingOlder) onLoadOlder();
  };

  if (entries.length === 0) {
    return <NonIdealState icon="chat" title="No messages yet" description="Write the first message below." className="fd-thread-empty" />;
  }

  return (
    <div ref={setScrollElement} className="fd-thread-scroll" onScroll={onScroll} data-testid="thread" data-loaded={value.messages.length} role="log" aria-label={`Messages with ${value.conversation.title}`}>
      <div className="fd-thread-older" data-testid="thread-older">
        {!value.hasOlder ? (
          <span className="fd-muted">Start of the conversation</span>
        ) : loadingOlder ? (
          <Spinner size={SpinnerSize.SMALL} />
        ) : (
          <LightButton small minimal icon="history" text="Load older messages" onClick={onLoadOlder} />
        )}
      </div>
      <div ref={end.setContent} style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const entry = entries[row.index];
          if (!entry) return null;
          return (
            <div
              key={row.key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${row.start}px)` }}
            >
              {entry.kind === 'message' ? (
                <MessageBubble
                  message={entry.message}
                  timeZone={timeZone}
                  household={value.conversation.members.length > 1}
                  focused={entry.message.id === focusMessageId}
                  search={entry.message.id === focusMessageId ? search : ''}
                />
              ) : (
                <NoteBubble note={entry.note} timeZone={timeZone} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const MessageBubble = memo(function MessageBubble({
  message: m,
  timeZone,
  household,
  focused,
  search,
}: {
  message: ThreadMessage;
  timeZone: string;
  household: boolean;
  focused: boolean;
  search: string;
}) {
  const outbound = m.direction === 'outbound';
  const held = heldDelivery(m);
  return (
    <div
      className={`fd-msg ${outbound ? 'fd-msg-out' : 'fd-msg-in'}${focused ? ' fd-msg-focus' : ''}`}
      data-testid="thread-message"
      data-direction={m.direction}
      data-message-id={m.id}
      data-focused={focused || undefined}
    >
      <div className="fd-msg-bubble">
        {m.subject && <div className="fd-msg-subject">{m.subject}</div>}
        <div className="fd-msg-body">{search ? <Highlighted text={m.body} search={search} /> : m.body}</div>
      </div>
      <div className="fd-msg-meta">
        <ChannelIcon channel={m.channel} />
        {/* In a family's thread every message says which patient it is about. */}
        {household && (m.patientName || m.direction === 'inbound') && (
          <span className="fd-msg-patient" data-testid="message-patient">
            {m.patientName ?? (m.channel === 'email' ? 'Shared email' : 'Shared phone')}
          </span>
        )}
        <span>{formatStamp(m.createdAt, timeZone)}</span>
        {outbound && m.staffName && <span>· {m.staffName}</span>}
        {outbound && m.origin !== 'staff' && <span data-testid="message-origin">· {originLabel(m.origin)}</span>}
        {outbound && <DeliveryBadges deliveries={m.deliveries} />}
      </div>
      {held && <HeldMessage message={m} held={held} timeZone={timeZone} />}
    </div>
  );
});

const NoteBubble = memo(function NoteBubble({ note, timeZone }: { note: Note; timeZone: string }) {
  return (
    <div className="fd-note" data-testid="thread-note">
      <div className="fd-note-body">
        <LightIcon icon="annotation" intent={Intent.WARNING} size={12} /> <strong>Internal note</strong> · {note.staffName} · {formatStamp(note.createdAt, timeZone)}
        <div>{note.body}</div>
      </div>
    </div>
  );
});
