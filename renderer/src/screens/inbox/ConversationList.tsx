/**
 * The virtualised conversation list: only the rows in view (plus a few) are in the DOM, so ten
 * thousand conversations scroll as smoothly as ten. Asks for the next page as the end comes
 * into view, and keeps the selected row in view when the keyboard moves it.
 */
import { Intent, Spinner, SpinnerSize } from '@blueprintjs/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { useFirstFrameOverscan } from '../../lib/useFirstFrameOverscan';
import { ChannelIcon } from './ChannelIcon';
import { formatListTime } from './format';
import { LightTag } from './LightTag';
import { Highlighted, snippet } from './highlight';
import { ROW_HEIGHT } from './list-geometry';

export { ROW_HEIGHT };
/** Rows rendered beyond the view in the list's first frame, and once it is painted. */
const FIRST_OVERSCAN = 1;
const OVERSCAN = 12;

interface Props {
  items: ConversationSummary[];
  selectedId: number | null;
  hasMore: boolean;
  loadingMore: boolean;
  timeZone: string;
  /** The search text, to mark in each result's matching message. */
  search: string;
  onSelect(id: number, open: boolean): void;
  onNeedMore(): void;
}

export function ConversationList({ items, selectedId, hasMore, loadingMore, timeZone, search, onSelect, onNeedMore }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const overscan = useFirstFrameOverscan(FIRST_OVERSCAN, OVERSCAN);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual's API is the documented way to virtualise
  const virtualizer = useVirtualizer({
    count: items.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan,
    // The window as the first guess of the list's viewport, so the first render already holds
    // every row in view (with an empty guess it renders one row, measures, and renders again).
    initialRect: { width: window.innerWidth, height: window.innerHeight },
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastVisible = virtualItems[virtualItems.length - 1]?.index ?? 0;

  // The next page is asked for about a screen and a half before the end: soon enough for a brisk
  // fling, late enough that the first paint is not shared with a second read.
  useEffect(() => {
    if (hasMore && !loadingMore && lastVisible >= items.length - 20) onNeedMore();
  }, [hasMore, loadingMore, lastVisible, items.length, onNeedMore]);

  const selectedIndex = selectedId === null ? -1 : items.findIndex((c) => c.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className="fd-conv-scroll"
      role="listbox"
      aria-label="Conversations"
      aria-activedescendant={selectedId !== null ? `conv-${selectedId}` : undefined}
      tabIndex={0}
      data-testid="conversation-list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualItems.map((row) => {
          const conversation = items[row.index];
          return (
            <div
              key={row.key}
              className="fd-conv-row-slot"
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: row.size, transform: `translateY(${row.start}px)` }}
            >
              {conversation ? (
                <ConversationRow conversation={conversation} selected={conversation.id === selectedId} timeZone={timeZone} search={search} onSelect={onSelect} />
              ) : (
                <div className="fd-conv-loading">
                  <Spinner size={SpinnerSize.SMALL} /> Loading more…
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const ConversationRow = memo(function ConversationRow({
  conversation: c,
  selected,
  timeZone,
  search,
  onSelect,
}: {
  conversation: ConversationSummary;
  selected: boolean;
  timeZone: string;
  search: string;
  onSelect(id: number, open: boolean): void;
}) {
  const unread = c.unreadCount > 0;
  return (
    <div
      id={`conv-${c.id}`}
      role="option"
      aria-selected={selected}
      className={`fd-conv-row${selected ? ' fd-selected' : ''}${unread ? ' fd-unread' : ''}`}
      data-testid="conversation-row"
      data-conversation-id={c.id}
      onClick={() => onSelect(c.id, true)}
    >
      <div className="fd-conv-line">
        <span className="fd-conv-title">{search ? <Highlighted text={c.title} search={search} /> : c.title}</span>
        <span className="fd-conv-time">{c.lastMessageAt ? formatListTime(c.lastMessageAt, timeZone) : ''}</span>
      </div>
      <div className="fd-conv-line">
        {c.match ? (
          <span className="fd-conv-preview" data-testid="search-match">
            <Highlighted text={snippet(c.match.body, search)} search={search} />
          </span>
        ) : (
          <span className="fd-conv-preview">{search ? <Highlighted text={c.lastMessagePreview ?? ''} search={search} /> : (c.lastMessagePreview ?? 'No messages yet')}</span>
        )}
        <span className="fd-conv-meta">
          {c.channels.map((ch) => (
            <ChannelIcon key={ch} channel={ch} />
          ))}
          {c.flag && (
            <LightTag intent={Intent.WARNING} title={c.flag === 'reschedule' ? 'Asked to reschedule' : 'May want to opt out'}>
              {c.flag === 'reschedule' ? 'R' : '?'}
            </LightTag>
          )}
          {c.status !== 'open' && <LightTag>{c.status}</LightTag>}
          {c.assigneeName && (
            <LightTag icon="person" title={`Assigned to ${c.assigneeName}`}>
              {initials(c.assigneeName)}
            </LightTag>
          )}
          {unread && (
            <LightTag minimal={false} round intent={Intent.PRIMARY} data-testid="unread-badge" aria-label={`${c.unreadCount} unread`}>
              {c.unreadCount}
            </LightTag>
          )}
        </span>
      </div>
    </div>
  );
});

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}
