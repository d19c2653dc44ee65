import '@blueprintjs/core/lib/css/blueprint.css';
import './styles.css';
import { Callout, Classes, Intent } from '@blueprintjs/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi, pickTransport } from './ipc/api';
import { ApiProvider } from './ipc/ApiContext';
import { App } from './App';
import { takeRecoveryNotice } from './shell/recovery-notice';
import { RecoveryToast } from './shell/RecoveryToast';

if (localStorage.getItem('frontdesk.theme') === 'dark') document.body.classList.add(Classes.DARK);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);
const transport = pickTransport();

if ('error' in transport) {
  root.render(
    <div className="fd-centered">
      <Callout intent={Intent.DANGER} title="Frontdesk cannot connect" data-testid="no-transport">
        {transport.error}
      </Callout>
    </div>,
  );
} else {
  const recovered = takeRecoveryNotice();
  const api = createApi(transport);
  root.render(
    <StrictMode>
      <ApiProvider api={api}>
        <App />
        <RecoveryToast message={recovered} />
      </ApiProvider>
    </StrictMode>,
  );
}
