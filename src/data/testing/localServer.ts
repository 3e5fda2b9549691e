import { createServer, type RequestListener } from 'node:http';
import { afterAll, beforeAll } from 'vitest';

/**
 * Node-only (tests): call at the top of a test file. Before its tests, serves `handler` on
 * 127.0.0.1 at a free port; after them, closes it. `baseUrl` is the app's root there,
 * `http://127.0.0.1:<port>/app/` (empty before the server listens).
 */
export function useLocalServer(handler: RequestListener): { readonly baseUrl: string } {
  const server = createServer(handler);
  const served = { baseUrl: '' };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('test server has no TCP address');
    served.baseUrl = `http://127.0.0.1:${address.port}/app/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return served;
}
