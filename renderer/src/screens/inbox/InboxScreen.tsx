/**
 * The inbox: filters and the virtualised conversation list on the left, the open conversation
 * (header, thread, composer) on the right, the training phone in a drawer. Keyboard first.
 */
import { Button, Callout, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { LightTag } from './LightTag';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Channel, PatientSummary } from '../../../../shared/domain';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import { useApi } from '../../ipc/ApiContext';
import { useUnreadTotal } from '../../lib/UnreadContext';
import { useAuth } from '../../auth/AuthContext';
import { useClinic } from '../../lib/ClinicContext';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { AfterPaint } from './AfterPaint';
import type { ComposerMode } from './Composer';
import { Composer, ContextPanel, NewMessageDialog, OnceOpened, Part, SnoozeDialog, TrainingPhonePanel, preloadInboxParts } from './inbox-parts';
import { ConversationHeader } from './ConversationHeader';
import { ConversationList } from './ConversationList';
import { InboxFilters } from './InboxFilters';
import { Thread } from './Thread';
import { ThreadWarmup } from './ThreadWarmup';
import { useConversationList } from './useConversationList';
import { OPENING_FILTER, type ListFilter } from './list-request';
import { useInboxHotkeys, type InboxActions } from './useInboxHotkeys';
import { useThread } from './useThread';
import { useReadWhileOpen } from './useReadWhileOpen';
import { useMarkReadOnOpen } from './useMarkReadOnOpen';
import { draftConversation, IDLE_ACTIONS } from './inbox-defaults';
import { usePanelPreference } from './usePanelPreference';
import { useFocusWhenMounted } from './useFocusWhenMounted';
import { useDebounced } from '../../lib/useDebounced';
import './inbox.css';

const SEARCH_DELAY_MS = 250;

interface InboxProps {
  /** From the route (#/inbox/12/340): open this conversation, and scroll to this message. */
  conversationId?: number;
  messageId?: number;
}

export function InboxScreen({ conversationId: routeConversation, messageId: routeMessage }: InboxProps) {
  const api = useApi();
  const { staff } = useAuth();
  const { settings } = useClinic();
  const zone = settings.timeZone;

  const [filter, setFilter] = useState<ListFilter>(OPENING_FILTER);
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText, SEARCH_DELAY_MS);
  // A search looks through every conversation, resolved and snoozed ones too: what staff look
  // for is often an old exchange.
  const listFilter = useMemo<ListFilter>(() => (search ? { ...filter, status: 'all' } : filter), [filter, search]);
  const list = useConversationList(listFilter, search);
  // The shell already keeps the unread total (side-nav badge, window title): one read, not two.
  const unread = useUnreadTotal();

  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const thread = useThread(openId);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const [snoozeNow, setSnoozeNow] = useState(0);
  const [phoneOpen, setPhoneOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** A new message to a patient whose conversation may not exist yet. */
  const [draftPatient, setDraftPatient] = useState<PatientSummary | null>(null);
  const [composeOpen, setComposeOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = usePanelPreference('frontdesk.inbox.details', true);
  const [quickOpen, setQuickOpen] = useState(false);

  const searchRef = useRef<HTMLInputElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  // The composer is a lazy part: focusing it may wait a few frames for its code to arrive.
  const focusComposer = useFocusWhenMounted(composerRef);
  const listRef = useRef<HTMLDivElement>(null);
  const threadAreaRef = useRef<HTMLDivElement>(null);

  const items = list.items;
  // Once the first page is on screen (rows or the empty state), fetch what opening a
  // conversation or writing a new message needs.
  const listShown = !list.loading;
  useEffect(() => {
    if (!listShown) return;
    const frame = requestAnimationFrame(() => setTimeout(preloadInboxParts, 0));
    return () => cancelAnimationFrame(frame);
  }, [listShown]);
  const effectiveSelected = selectedId !== null && items.some((c) => c.id === selectedId) ? selectedId : (items[0]?.id ?? null);
  const openSummary: ConversationSummary | undefined = useMemo(() => {
    if (draftPatient) return draftConversation(draftPatient);
    return thread.value?.conversation ?? items.find((c) => c.id === openId);
  }, [draftPatient, thread.value, items, openId]);

  const openThread = thread.open;
  const markRead = useMarkReadOnOpen(thread.value?.conversation.id ?? (thread.error ? openId : null), list.replace, setActionError);
  const openConversation = useCallback(
    (id: number) => {
      openThread(id);
      setSelectedId(id);
      setOpenId(id);
      setDraftPatient(null);
      setActionError(null);
      markRead(id, items.find((c) => c.id === id));
    },
    [items, markRead, openThread],
  );

  const applyChange = useCallback(
    (summary: ConversationSummary) => {
      const status = listFilter.status ?? 'open';
      const leaves = (status !== 'all' && summary.status !== status) || (listFilter.assignedToMe && summary.assigneeStaffId !== staff.id);
      if (leaves) {
        const index = items.findIndex((c) => c.id === summary.id);
        const next = items[index + 1] ?? items[index - 1];
        list.remove(summary.id);
        setSelectedId(next?.id ?? null);
      } else list.replace(summary);
      thread.reload();
    },
    [listFilter, items, list, staff.id, thread],
  );

  const mutate = useCallback(
    async (run: () => Promise<{ ok: true; value: ConversationSummary } | { ok: false; error: { message: string } }>) => {
      setBusy(true);
      try {
        const result = await run();
        if (result.ok) {
          setActionError(null);
          applyChange(result.value);
        } else setActionError(result.error.message);
      } finally {
        setBusy(false);
      }
    },
    [applyChange],
  );

  useReadWhileOpen(openId, setActionError);
  const [focusMessage, setFocusMessage] = useState<number | null>(null);
  /** Opens a list row; a search hit also scrolls the thread to its matching message. */
  const openResult = useCallback(
    (id: number) => {
      openConversation(id);
      setFocusMessage(items.find((c) => c.id === id)?.match?.messageId ?? null);
    },
    [items, openConversation],
  );
  // A link (the toast's Open, a search hit) names the conversation to open; then the hash goes
  // back to plain #/inbox so the same link works again. Only a new link opens, so the latest
  // openConversation is read through a ref.
  const openRef = useRef(openConversation);
  useEffect(() => {
    openRef.current = openConversation;
  }, [openConversation]);
  useEffect(() => {
    if (routeConversation === undefined) return;
    const timer = setTimeout(() => {
      openRef.current(routeConversation);
      setFocusMessage(routeMessage ?? null);
      window.history.replaceState(null, '', '#/inbox');
    }, 0);
    return () => clearTimeout(timer);
  }, [routeConversation, routeMessage]);

  // The rows are memoised: they get one callback for the list's life, which calls the latest
  // openResult, so selecting a row re-renders two rows, not every row in view.
  const openResultRef = useRef(openResult);
  useEffect(() => {
    openResultRef.current = openResult;
  }, [openResult]);
  const onSelectRow = useCallback((id: number) => openResultRef.current(id), []);

  const current = openSummary;
  const actions = useMemo<InboxActions>(
    () => ({
      move: (delta) => {
        if (items.length === 0) return;
        const index = items.findIndex((c) => c.id === effectiveSelected);
        const next = items[Math.min(items.length - 1, Math.max(0, (index < 0 ? 0 : index) + delta))];
        if (next) setSelectedId(next.id);
        if (delta > 0 && index >= items.length - 5) list.loadMore();
      },
      open: () => {
        if (effectiveSelected !== null) openResult(effectiveSelected);
      },
      reply: () => {
        setMode('reply');
        focusComposer();
      },
      note: () => {
        setMode('note');
        focusComposer();
      },
      resolve: () => {
        if (!current) return;
        void mutate(() => api.call('inbox.setStatus', { conversationId: current.id, status: current.status === 'resolved' ? 'open' : 'resolved' }));
      },
      assignToMe: () => {
        if (!current) return;
        void mutate(() => api.call('inbox.assign', { conversationId: current.id, staffId: current.assigneeStaffId === staff.id ? null : staff.id }));
      },
      snooze: () => {
        if (!current) return;
        setSnoozeNow(Date.now());
        setSnoozeOpen(true);
      },
      search: () => searchRef.current?.focus(),
      toggleUnread: () => setFilter((f) => ({ ...f, unread: !f.unread })),
      phone: () => setPhoneOpen((open) => !open),
      compose: () => setComposeOpen(true),
      details: () => setDetailsOpen((open) => !open),
      quickReply: () => {
        setMode('reply');
        setQuickOpen(true);
      },
    }),
    [api, current, effectiveSelected, focusComposer, items, list, mutate, openResult, setDetailsOpen, staff.id],
  );
  // While a dialog is open its own keys apply; the inbox's one-letter keys wait.
  const overlayOpen = snoozeOpen || composeOpen || quickOpen;
  const { handleKeyDown, handleKeyUp } = useInboxHotkeys(overlayOpen ? IDLE_ACTIONS : actions);

  const pickPatient = useCallback(
    (patient: PatientSummary) => {
      setComposeOpen(false);
      const existing = items.find((c) => c.patientId === patient.id);
      if (existing) openConversation(existing.id);
      else {
        setDraftPatient(patient);
        setOpenId(null);
      }
      setMode('reply');
      setTimeout(focusComposer, 50);
    },
    [focusComposer, items, openConversation],
  );

  const defaultChannel: Channel = useMemo(() => {
    const messages = thread.value?.messages ?? [];
    for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.direction === 'inbound') return messages[i]?.channel ?? 'sms';
    return current?.channels[0] ?? 'sms';
  }, [thread.value, current]);

  return (
    <div className="fd-inbox" data-testid="screen-inbox" onKeyDown={handleKeyDown} onKeyUp={handleKeyUp}>
      <section className="fd-inbox-left" aria-label="Conversations">
        <div className="fd-inbox-heading">
          <h2>Inbox</h2>
          {unread > 0 && (
            <LightTag minimal={false} round intent={Intent.PRIMARY} data-testid="unread-total" aria-label={`${unread} unread messages`}>
              {unread}
            </LightTag>
          )}
          <span className="fd-muted fd-push-right" data-testid="conversation-total">
            {list.total === null ? '' : `${list.total.toLocaleString()} ${list.total === 1 ? 'conversation' : 'conversations'}`}
          </span>
          <Button variant="minimal" icon="mobile-phone" title="Training phone (t)" aria-label="Open the training phone" onClick={() => setPhoneOpen(true)} data-testid="open-phone" />
        </div>
        <InboxFilters
          filter={filter}
          search={searchText}
          searchRef={searchRef}
          onFilter={setFilter}
          onSearch={setSearchText}
          onLeaveSearch={() => {
            searchRef.current?.blur();
            listRef.current?.focus();
          }}
        />
        {list.error && (
          <div className="fd-pad">
            <ErrorCallout error={list.error} title="The conversations could not be loaded" />
            <Button small icon="refresh" text="Try again" onClick={list.reload} className="fd-gap-top" />
          </div>
        )}
        <div className="fd-inbox-list" ref={listRef} tabIndex={-1}>
          {list.loading && items.length === 0 && !list.error ? (
            <NonIdealState icon={<Spinner />} title="Loading conversations…" />
          ) : items.length === 0 && !list.error ? (
            <div className="fd-fill" data-testid="inbox-empty">
              <NonIdealState
                icon={search || filter.unread || filter.assignedToMe || filter.channel ? 'search' : 'inbox'}
                title={search ? 'No messages match' : 'Nothing here'}
                description={search ? `Nothing matches “${search}” with these filters.` : 'No conversations match these filters. Inbound messages appear here.'}
              />
            </div>
          ) : (
            <ConversationList
              items={items}
              selectedId={effectiveSelected}
              hasMore={list.hasMore}
              loadingMore={list.loadingMore}
              timeZone={zone}
              search={search}
              onSelect={onSelectRow}
              onNeedMore={list.loadMore}
            />
          )}
        </div>
      </section>
      <section className="fd-inbox-right" aria-label="Conversation">
        {(openId === null && !draftPatient) || !current ? (
          <div className="fd-fill" data-testid="no-conversation">
            <NonIdealState
              icon="chat"
              title="No conversation open"
              description="Move with j / k (or ↓ / ↑), open with Enter. Press ? for every shortcut."
            />
            {items.length > 0 && <ThreadWarmup timeZone={zone} />}
          </div>
        ) : (
          <>
            {draftPatient ? (
              <div className="fd-thread-header" data-testid="thread-header">
                <div className="fd-thread-title">
                  <h3 data-testid="thread-title">New message to {current.title}</h3>
                  <span className="fd-muted">{current.address}</span>
                </div>
                <Button icon="cross" variant="minimal" aria-label="Discard" onClick={() => setDraftPatient(null)} />
              </div>
            ) : (
            <ConversationHeader
              conversation={current}
              myStaffId={staff.id}
              timeZone={zone}
              busy={busy}
              onAssignToMe={actions.assignToMe}
              onResolve={actions.resolve}
              onSnooze={actions.snooze}
              onClearFlag={() => void mutate(() => api.call('inbox.clearFlag', { conversationId: current.id }))}
              onOpenPhone={() => setPhoneOpen(true)}
            />
            )}
            {actionError && (
              <Callout intent={Intent.DANGER} compact role="alert" className="fd-pad">
                {actionError}
              </Callout>
            )}
            <div className="fd-thread-area" ref={threadAreaRef}>
              {thread.error && !thread.value && <ErrorCallout error={thread.error} title="The conversation could not be loaded" />}
              {!draftPatient && thread.loading && <NonIdealState icon={<Spinner />} title="Loading messages…" />}
              {draftPatient && <NonIdealState icon="chat" title="No messages yet" description="Write the first message below; Ctrl+Enter sends it." />}
              {!draftPatient && thread.value && <Thread value={thread.value} timeZone={zone} loadingOlder={thread.loadingOlder} onLoadOlder={thread.loadOlder} focusMessageId={focusMessage} search={search} area={threadAreaRef} />}
            </div>
            <AfterPaint ready={draftPatient !== null || thread.value !== undefined || thread.error !== undefined} fallback={<div className="fd-composer-pending" />}>
            <Part fallback={<div className="fd-composer-pending" />}>
            <Composer
              conversation={current}
              defaultChannel={defaultChannel}
              inputRef={composerRef}
              mode={mode}
              onModeChange={setMode}
              quickOpen={quickOpen}
              onQuickOpenChange={setQuickOpen}
              onDone={(kind, messageId) => {
                composerRef.current?.blur();
                if (draftPatient && kind === 'reply' && messageId !== undefined) {
                  // The first message created the conversation: find it through the delivery, open it.
                  list.reload();
                  void api.call('deliveries.list', { messageId }).then((result) => {
                    const conversationId = result.ok ? result.value.items[0]?.conversationId : undefined;
                    if (conversationId !== undefined) openConversation(conversationId);
                    else setActionError(result.ok ? 'The message was queued; find it in the list.' : result.error.message);
                  });
                } else thread.reload();
              }}
            />
            </Part>
            </AfterPaint>
          </>
        )}
      </section>
      {detailsOpen && !phoneOpen && current && current.id > 0 && !draftPatient && (
        <AfterPaint ready={thread.value !== undefined || thread.error !== undefined}>
          <Part>
            <ContextPanel conversationId={current.id} onClose={() => setDetailsOpen(false)} />
          </Part>
        </AfterPaint>
      )}
      {phoneOpen && (
        <Part>
        <TrainingPhonePanel
          onClose={() => {
            setPhoneOpen(false);
            listRef.current?.focus();
          }}
          preferAddress={current?.address ?? thread.value?.messages[thread.value.messages.length - 1]?.address ?? null}
          timeZone={zone}
        />
        </Part>
      )}
      <OnceOpened isOpen={snoozeOpen}>
      <SnoozeDialog
        isOpen={snoozeOpen}
        now={snoozeNow}
        onClose={() => setSnoozeOpen(false)}
        onSnooze={(until) => {
          setSnoozeOpen(false);
          if (current) void mutate(() => api.call('inbox.setStatus', { conversationId: current.id, status: 'snoozed', snoozedUntil: until }));
        }}
      />
      </OnceOpened>
      <OnceOpened isOpen={composeOpen}>
        <NewMessageDialog isOpen={composeOpen} onClose={() => setComposeOpen(false)} onPick={pickPatient} />
      </OnceOpened>
    </div>
  );
}

