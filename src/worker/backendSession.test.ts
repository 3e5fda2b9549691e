import { describe, expect, it } from 'vitest';
import { createBackendSession } from './backendSession';
import type { BackendInfo, BackendPreference, WorkerEvent } from './protocol';

function setup() {
  const events: WorkerEvent[] = [];
  const started: BackendPreference[] = [];
  let watchLost = false;
  let fire: ((reason: string) => void) | null = null;
  const losses: string[] = [];
  const session = createBackendSession(
    (e) => events.push(e),
    {
      selectBackend: async (preferred): Promise<BackendInfo> => {
        started.push(preferred);
        return { name: preferred === 'auto' ? 'webgl' : 'wasm', detail: 'test', fallbackReason: '' };
      },
      watchBackend: (onLost) => {
        fire = onLost;
        return { isLost: () => watchLost, stop: () => (fire = null) };
      },
    },
    (reason) => losses.push(reason),
  );
  return { session, events, started, losses, fire: (reason: string) => fire?.(reason), loseQuietly: () => (watchLost = true) };
}

describe('the backend session', () => {
  it('starts the backend once, posts it, and starts afresh only after restart', async () => {
    const { session, events, started } = setup();
    const [a, b] = await Promise.all([session.ready(), session.ready('cpu')]);
    expect(a).toBe(b);
    expect(started).toEqual(['auto']);
    session.restart();
    await session.ready('wasm', 'The GPU context was lost');
    expect(started).toEqual(['auto', 'wasm']);
    expect(events).toEqual([
      { type: 'backend', backend: { name: 'webgl', detail: 'test', fallbackReason: '' } },
      { type: 'backend', backend: { name: 'wasm', detail: 'test', fallbackReason: 'The GPU context was lost' } },
    ]);
  });

  it('hands the watch’s loss on, and knows the device lost once recorded or once the watch sees it', async () => {
    const { session, losses, fire, loseQuietly } = setup();
    await session.ready();
    fire('context lost');
    expect(losses).toEqual(['context lost']);
    expect(session.isLost()).toBe(false);
    expect(session.markLost('context lost')).toBe(true);
    expect(session.markLost('context lost')).toBe(false);
    expect(session.lostReason()).toBe('context lost');
    session.clearLoss();
    expect(session.isLost()).toBe(false);
    loseQuietly();
    expect(session.isLost()).toBe(true);
    expect(session.lostReason()).toBeNull();
  });
});
