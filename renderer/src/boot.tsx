/**
 * The app itself: React, Blueprint and every screen's first layer. Loaded by the entry script
 * (main.tsx) after it has sent the start-up calls, so those answers travel while this code is
 * fetched and parsed.
 */
import { Callout, Classes, Intent } from '@blueprintjs/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { PrefetchingApi } from './ipc/prefetch';
import { ApiProvider } from './ipc/ApiContext';
import { App } from './App';
import { installIcons } from './lib/icons';
import { takeRecoveryNotice } from './shell/recovery-notice';
import { RecoveryToast } from './shell/RecoveryToast';

async function mount(container: HTMLElement, api: PrefetchingApi | { error: string }): Promise<void> {
  performance.mark('frontdesk:app-code');
  // Before the first render, so icons draw in its frame (no download: see lib/icons.ts).
  await installIcons();
  if (localStorage.getItem('frontdesk.theme') === 'dark') document.body.classList.add(Classes.DARK);
  const root = createRoot(container);
  if ('error' in api) {
    root.render(
      <div className="fd-centered">
        <Callout intent={Intent.DANGER} title="Frontdesk cannot connect" data-testid="no-transport">
          {api.error}
        </Callout>
      </div>,
    );
    return;
  }
  const recovered = takeRecoveryNotice();
  root.render(
    <StrictMode>
      <ApiProvider api={api}>
        <App />
        <RecoveryToast message={recovered} />
      </ApiProvider>
    </StrictMode>,
  );
}

export { mount };
