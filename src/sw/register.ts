export interface ServiceWorkerOptions {
  /**
   * Called when a new version of the site has taken over while this page is open. The page keeps
   * running the version it loaded (its files stay cached while it is open); the next load shows the
   * new one. A UI can say so: "A new version is ready: reload to use it".
   */
  onNewVersion?: () => void;
}

/**
 * Makes the built site work offline: once the page has loaded, registers `sw.js` (see `sw.ts`),
 * which caches every file of the build, data and wasm included, and keeps it up to date.
 *
 * Does nothing where service workers are unavailable (an `http:` page other than localhost, or an
 * old browser): the site then works online only. Call it in the built site only, not under `vite dev`.
 */
export function registerServiceWorker(options: ServiceWorkerOptions = {}): void {
  if (!('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  let controlled = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    // The first install takes control of the page too: that is no new version.
    if (controlled) options.onNewVersion?.();
    controlled = true;
  });
  const register = () => {
    const script = new URL('sw.js', new URL(import.meta.env.BASE_URL, document.baseURI));
    container.register(script.href).catch((error: unknown) => console.warn('Offline use is not available:', error));
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
