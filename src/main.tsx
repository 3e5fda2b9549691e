import './zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { keepRuns } from './store/keepRuns';
import { applySharedLink } from './store/applySharedLink';
import { createAppStore } from './store/createAppStore';
import { registerServiceWorker } from './sw/register';
import { App } from './ui/App';
import { StoreProvider } from './ui/StoreContext';
import { createWorkerClient } from './worker/client';
import './styles.css';

const client = createWorkerClient();
const store = createAppStore({ client, baseUrl: new URL(import.meta.env.BASE_URL, document.baseURI).href });
applySharedLink(store, location.search);
store.getState().loadData();
void keepRuns(store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);

// Offline use (src/sw/): the built site caches itself. Never under `vite dev`.
if (import.meta.env.PROD) registerServiceWorker();
