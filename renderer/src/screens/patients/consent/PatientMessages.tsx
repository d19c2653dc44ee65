/**
 * The patient's whole message history in the profile: their conversations (any status) through
 * `inbox.list` with a patient filter, each shown with the inbox's own thread component.
 */
import { Button, H4, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { useQuery } from '../../../ipc/useQuery';
import { ErrorCallout } from '../../../forms/ErrorCallout';
import { useClinic } from '../../../lib/ClinicContext';
import { navigate } from '../../../navigation/route';
import { Thread } from '../../inbox/Thread';
import { useThread } from '../../inbox/useThread';
import '../../inbox/inbox.css';
import './consent.css';

function ConversationThread({ conversationId, zone }: { conversationId: number; zone: string }) {
  const thread = useThread(conversationId);
  if (thread.error && !thread.value) return <ErrorCallout error={thread.error} title="The messages could not be loaded" testId="patient-messages-error" />;
  if (!thread.value) return <NonIdealState icon={<Spinner size={20} />} title="Loading messages…" />;
  return (
    <div className="fd-patient-thread">
      <Thread value={thread.value} timeZone={zone} loadingOlder={thread.loadingOlder} onLoadOlder={thread.loadOlder} />
    </div>
  );
}

export function PatientMessages({ patientId }: { patientId: number }) {
  const { settings } = useClinic();
  const list = useQuery('inbox.list', { filter: { patientId, status: 'all' }, limit: 20 }, { refreshOn: ['message.created', 'conversation.updated'] });
  const [chosen, setChosen] = useState<number | null>(null);
  const items = list.value?.items ?? [];
  const openId = chosen !== null && items.some((c) => c.id === chosen) ? chosen : (items[0]?.id ?? null);

  let body;
  if (!list.value) {
    body = list.error ? (
      <ErrorCallout error={list.error} title="The messages could not be loaded" testId="patient-messages-error" />
    ) : (
      <NonIdealState icon={<Spinner size={20} />} title="Loading messages…" />
    );
  } else if (items.length === 0) {
    body = (
      <p className="fd-muted" data-testid="patient-messages-empty">
        No messages with this patient yet.
      </p>
    );
  } else {
    body = (
      <>
        {items.length > 1 &&
          items.map((c) => (
            <Tag key={c.id} interactive minimal={c.id !== openId} className="fd-tag" onClick={() => setChosen(c.id)} data-testid="patient-conversation">
              {c.title}
            </Tag>
          ))}
        {openId !== null && <ConversationThread key={openId} conversationId={openId} zone={settings.timeZone} />}
      </>
    );
  }
  return (
    <section className="fd-section" data-testid="patient-messages">
      <div className="fd-screen-header">
        <H4>Messages</H4>
        {openId !== null && <Button icon="inbox" variant="minimal" text="Open in inbox" onClick={() => navigate({ screen: 'inbox' })} data-testid="open-in-inbox" />}
      </div>
      {body}
    </section>
  );
}
