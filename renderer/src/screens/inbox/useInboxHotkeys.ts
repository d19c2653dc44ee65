/**
 * The inbox's keyboard: j/k or ↓/↑ move, Enter opens, r reply, n note, Ctrl/Cmd+Enter send (the
 * composer handles it; listed here for the overlay), e resolve, a assign to me, s snooze,
 * / search, u unread only, t training phone, c new message, i details panel, q quick reply.
 * `?` (Blueprint) shows them all.
 */
import { useHotkeys, type HotkeyConfig } from '@blueprintjs/core';
import { useEffect, useMemo, useRef } from 'react';

export interface InboxActions {
  move(delta: number): void;
  open(): void;
  reply(): void;
  note(): void;
  resolve(): void;
  assignToMe(): void;
  snooze(): void;
  search(): void;
  toggleUnread(): void;
  phone(): void;
  compose(): void;
  details(): void;
  quickReply(): void;
}

/**
 * The hotkey list is built once: registering a new list re-renders the HotkeysProvider, so the
 * handlers reach the latest actions through a ref instead of being rebuilt every render.
 */
export function useInboxHotkeys(latest: InboxActions) {
  const ref = useRef(latest);
  useEffect(() => {
    ref.current = latest;
  }, [latest]);
  /* eslint-disable react-hooks/refs -- the handlers read the ref on key events, never during render */
  const hotkeys = useMemo<HotkeyConfig[]>(() => {
    const actions: InboxActions = {
      move: (delta) => ref.current.move(delta),
      open: () => ref.current.open(),
      reply: () => ref.current.reply(),
      note: () => ref.current.note(),
      resolve: () => ref.current.resolve(),
      assignToMe: () => ref.current.assignToMe(),
      snooze: () => ref.current.snooze(),
      search: () => ref.current.search(),
      toggleUnread: () => ref.current.toggleUnread(),
      phone: () => ref.current.phone(),
      compose: () => ref.current.compose(),
      details: () => ref.current.details(),
      quickReply: () => ref.current.quickReply(),
    };
    const key = (combo: string, label: string, run: () => void, extra: Partial<HotkeyConfig> = {}): HotkeyConfig => ({
      combo,
      label,
      global: true,
      group: 'Inbox',
      preventDefault: true,
      onKeyDown: run,
      ...extra,
    });
    return [
      key('j', 'Next conversation', () => actions.move(1)),
      key('down', 'Next conversation', () => actions.move(1)),
      key('k', 'Previous conversation', () => actions.move(-1)),
      key('up', 'Previous conversation', () => actions.move(-1)),
      key('enter', 'Open the conversation', actions.open),
      key('r', 'Reply (focus the composer)', actions.reply),
      key('n', 'Write an internal note', actions.note),
      key('mod+enter', 'Send the reply or save the note', () => undefined, { allowInInput: true, preventDefault: false }),
      key('e', 'Resolve (or reopen)', actions.resolve),
      key('a', 'Assign to me (or unassign)', actions.assignToMe),
      key('s', 'Snooze…', actions.snooze),
      key('/', 'Search names, phone numbers and messages', actions.search),
      key('u', 'Unread only on/off', actions.toggleUnread),
      key('t', 'Training phone', actions.phone),
      key('c', 'New message to a patient', actions.compose),
      key('i', 'Show or hide the patient details beside the thread', actions.details),
      key('q', 'Insert a quick reply…', actions.quickReply),
      key('escape', 'Leave a text field (then these keys work again)', () => undefined, { allowInInput: true, preventDefault: false }),
    ];
  }, []);
  /* eslint-enable react-hooks/refs */
  return useHotkeys(hotkeys);
}
