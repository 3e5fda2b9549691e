import type { ServiceWorkerCommand } from './precache';

export interface ServiceWorkerOptions {
  /**
   * Called when a new version of the site has been downloaded while this page runs. It waits
   * and starts on the next page load; `apply()` starts it now and reloads this page.
   * A UI can offer that as "New version ready: reload".
   */
  onUpdateReady?: (apply: () => void) => void;
}

/**
 * Makes the built site work offline: registers `sw.js` (see `sw.ts`), which caches every file of
 * the build, data and wasm included, once the page has loaded.
 *
 * If a new version was downloaded during an earlier visit, it is applied first thing: the page
 * reloads once, from the new cache, before anyone can start a run. Does nothing where service
 * workers are unavailable (an `http:` page other than localhost, or an old browser): the site
 * then works online only. Call it in the built site only, not under `vite dev`.
 */
export function registerServiceWorker(options: ServiceWorkerOptions = {}): void {
  if (!('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  const root = new URL(import.meta.env.BASE_URL, document.baseURI);
  let applying = false;
  const apply = (worker: ServiceWorker) => {
    applying = true;
    worker.postMessage({ type: 'skipWaiting' } satisfies ServiceWorkerCommand);
  };
  // Only when this page asked: the first install also takes control of the page, and must not reload it.
  container.addEventListener('controllerchange', () => {
    if (applying) window.location.reload();
  });
  const whenInstalled = (worker: ServiceWorker) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && container.controller) options.onUpdateReady?.(() => apply(worker));
    });
  };

  const start = async () => {
    const waiting = (await container.getRegistration(root.href))?.waiting;
    if (waiting && container.controller) {
      apply(waiting);
      return;
    }
    if (document.readyState !== 'complete') await new Promise((loaded) => window.addEventListener('load', loaded, { once: true }));
    const registration = await container.register(new URL('sw.js', root).href);
    const { installing, waiting: downloaded } = registration;
    if (installing) whenInstalled(installing);
    else if (downloaded && container.controller) options.onUpdateReady?.(() => apply(downloaded));
    registration.addEventListener('updatefound', () => {
      if (registration.installing) whenInstalled(registration.installing);
    });
  };
  start().catch((error: unknown) => console.warn('Offline use is not available:', error));
}
