import { findPreset } from '../runs/presets';
import { decodeShare } from '../share/urlCodec';
import type { AppStore } from './createAppStore';

/** MNIST's training images: a link is read before the data arrives. */
const MNIST_TRAIN_IMAGES = 60_000;

/**
 * Opens the experiment a shared link describes (`?bs=64&…` or `?preset=tutorial-bn`) in the forms,
 * with the controls it hides (`hide=`) hidden and presenter mode if it asks (`present=1`).
 * Whatever the link got wrong was replaced by defaults, and a notice says what was ignored.
 */
export function applySharedLink(store: AppStore, search: string): void {
  if (search.replace(/^[?#]/, '') === '') return;
  const { shared, ignored } = decodeShare(search, MNIST_TRAIN_IMAGES);
  const state = store.getState();
  const preset = shared.preset ? findPreset(shared.preset) : undefined;
  if (preset) {
    state.loadConfig(preset.base);
    if (preset.comparison) state.loadComparison(preset.comparison);
    state.notify('info', `Opened the preset "${preset.title}" from the link.`);
  } else {
    state.loadConfig(shared.config);
    if (shared.comparison) state.loadComparison(shared.comparison);
    if (shared.preset) state.notify('warning', `The link names a preset "${shared.preset.slice(0, 40)}" that does not exist; it was ignored.`);
  }
  if (shared.hidden.length) state.setHidden(shared.hidden);
  if (shared.presenter) state.setPresenter(true);
  // After the link's own settings: a chapter brings its experiment's. A link's `limit` sets the
  // lesson's training images (`?lesson=1&limit=2000`: quicker experiments on slow machines).
  if (shared.lesson !== undefined) {
    state.openLesson(shared.lesson);
    if (shared.config.train.trainLimit !== null) state.setLessonTrainLimit(String(shared.config.train.trainLimit));
  }
  if (ignored.length) {
    state.notify('warning', `Some settings in the link were ignored and their defaults used instead: ${ignored.join(' ')}`);
  }
}
