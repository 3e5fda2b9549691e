// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../store/createAppStore';
import type { WorkerCommand, WorkerEvent } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { StoreProvider } from './StoreContext';
import { shortcutFor, useShortcuts } from './useShortcuts';

afterEach(cleanup);

/** The fake worker client, its events played inside `act` so React renders them. */
function actingClient() {
  const fake = fakeClient();
  return { ...fake, emit: (e: WorkerEvent) => act(() => fake.emit(e)) };
}

function Harness() {
  const [helpOpen, setHelpOpen] = useState(false);
  useShortcuts({ helpOpen, toggleHelp: () => setHelpOpen((o) => !o) });
  return (
    <div>
      <input aria-label="Learning rate" type="text" />
      <input aria-label="BatchNorm" type="checkbox" role="switch" />
      <select aria-label="Optimizer">
        <option>Adam</option>
      </select>
      <button type="button">Pause</button>
      <p data-testid="help">{helpOpen ? 'open' : 'closed'}</p>
    </div>
  );
}

/** A store with the data loaded and nothing training, rendered with the shortcuts on. */
function setup() {
  const fake = actingClient();
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
  render(
    <StoreProvider store={store}>
      <Harness />
    </StoreProvider>,
  );
  fake.emit({ type: 'dataReady', trainCount: 60_000, testCount: 10_000 });
  const commands = () => fake.sent.map((c) => c.type);
  /** Presses `key` on `target` (the page itself by default); whether the browser's default action was kept. */
  const press = (key: string, target: Element = document.body, init: KeyboardEventInit = {}) => {
    let kept = false;
    act(() => {
      kept = fireEvent.keyDown(target, { key, bubbles: true, cancelable: true, ...init });
    });
    return kept;
  };
  return { ...fake, store, commands, press };
}

/** Starts a run through `t` and lets the fake worker say it trains; its id. */
function train(s: ReturnType<typeof setup>): string {
  expect(s.press('t')).toBe(false);
  const command = s.sent.find((c): c is Extract<WorkerCommand, { type: 'train' }> => c.type === 'train');
  expect(command).toBeDefined();
  const runId = command!.runId;
  s.emit({ type: 'runStarted', runId, totalSteps: 100, stepsPerEpoch: 50, trainCount: 1600 });
  return runId;
}

describe('keyboard shortcuts', () => {
  it('Space pauses and resumes the training run, and the page does not scroll', () => {
    const s = setup();
    const runId = train(s);
    expect(s.press(' ')).toBe(false);
    expect(s.sent.at(-1)).toEqual({ type: 'pause', runId });
    s.emit({ type: 'paused', runId });
    expect(s.press(' ')).toBe(false);
    expect(s.sent.at(-1)).toEqual({ type: 'resume', runId });
    s.emit({ type: 'resumed', runId });
    expect(s.press('s')).toBe(false);
    expect(s.sent.at(-1)).toEqual({ type: 'stop', runId });
  });

  it('does nothing (and leaves the key to the browser) when nothing trains', () => {
    const s = setup();
    const before = s.commands();
    expect(s.press(' ')).toBe(true);
    expect(s.press('s')).toBe(true);
    expect(s.commands()).toEqual(before);
  });

  it('never takes a key typed into a field, Space on a control, or a key with Ctrl, Alt or Meta', () => {
    const s = setup();
    const lr = screen.getByLabelText('Learning rate');
    expect(s.press('t', lr)).toBe(true);
    expect(s.press('?', screen.getByLabelText('Optimizer'))).toBe(true);
    expect(s.press('t', document.body, { ctrlKey: true })).toBe(true);
    expect(s.commands()).not.toContain('train');
    const runId = train(s);
    const before = s.sent.length;
    expect(s.press(' ', lr)).toBe(true);
    expect(s.press(' ', screen.getByRole('switch'))).toBe(true);
    expect(s.press(' ', screen.getByRole('button', { name: 'Pause' }))).toBe(true);
    expect(s.press(' ', document.body, { repeat: true })).toBe(true);
    expect(s.sent.length).toBe(before);
    // A letter on a switch or button is still a shortcut: only typing is protected.
    expect(s.press('s', screen.getByRole('switch'))).toBe(false);
    expect(s.sent.at(-1)).toEqual({ type: 'stop', runId });
  });

  it('t trains only when the Train button could: data loaded, form valid, nothing training', () => {
    const s = setup();
    act(() => s.store.getState().setDraft({ batchSize: 'abc' }));
    expect(s.press('t')).toBe(true);
    expect(s.commands()).not.toContain('train');
    act(() => s.store.getState().setDraft({ batchSize: '64' }));
    train(s);
    expect(s.press('T')).toBe(true);
    expect(s.commands().filter((c) => c === 'train')).toHaveLength(1);
  });

  it('? opens and closes the help, also from a button, not from a field', () => {
    const s = setup();
    expect(screen.getByTestId('help').textContent).toBe('closed');
    s.press('?', screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByTestId('help').textContent).toBe('open');
    s.press('?', screen.getByLabelText('Learning rate'));
    expect(screen.getByTestId('help').textContent).toBe('open');
    s.press('?');
    expect(screen.getByTestId('help').textContent).toBe('closed');
  });

  it('maps keys to shortcuts', () => {
    const press = (key: string, extra: Partial<KeyboardEvent> = {}) =>
      shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, repeat: false, isComposing: false, target: null, ...extra });
    expect([' ', 't', 'T', 's', 'S', '?', 'x', 'Enter'].map((k) => press(k))).toEqual(['pauseResume', 'train', 'train', 'stop', 'stop', 'help', null, null]);
    expect(press(' ', { metaKey: true })).toBeNull();
    expect(press('s', { altKey: true })).toBeNull();
    expect(press('t', { isComposing: true })).toBeNull();
  });
});
