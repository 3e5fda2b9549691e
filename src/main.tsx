import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from './store/createAppStore';
import { App } from './ui/App';
import { StoreProvider } from './ui/StoreContext';
import { createWorkerClient } from './worker/client';
import './styles.css';

const client = createWorkerClient();
const store = createAppStore({ client, baseUrl: new URL(import.meta.env.BASE_URL, document.baseURI).href });
store.getState().loadData();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
