/** Broadcasts (manager role): earlier broadcasts, the composer, and a broadcast's live progress. */
import './broadcasts.css';
import { Button } from '@blueprintjs/core';
import { useState } from 'react';
import { ManagerOnly } from './RoleGate';
import { BroadcastList } from './BroadcastList';
import { BroadcastComposer } from './BroadcastComposer';
import { BroadcastProgressView } from './BroadcastProgressView';

type View = { kind: 'list' } | { kind: 'new' } | { kind: 'progress'; id: number };

function Broadcasts() {
  const [view, setView] = useState<View>({ kind: 'list' });
  return (
    <div className="fd-screen fd-broadcasts" data-testid="screen-broadcasts">
      {view.kind !== 'list' && <Button variant="minimal" icon="arrow-left" text="All broadcasts" onClick={() => setView({ kind: 'list' })} className="fd-gap-bottom" data-testid="broadcasts-back" />}
      {view.kind === 'list' && <BroadcastList onOpen={(id) => setView({ kind: 'progress', id })} onNew={() => setView({ kind: 'new' })} />}
      {view.kind === 'new' && <BroadcastComposer />}
      {view.kind === 'progress' && <BroadcastProgressView key={view.id} broadcastId={view.id} />}
    </div>
  );
}

export function BroadcastsScreen() {
  return (
    <ManagerOnly>
      <Broadcasts />
    </ManagerOnly>
  );
}
