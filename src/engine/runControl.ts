import { yieldToEventLoop } from './yieldToEventLoop';

/** Thrown by `RunControl.guard` once the run is halted; the training loop turns it into a `halted` result. */
export class RunHaltedError extends Error {
  readonly code = 'halted';
  constructor() {
    super('The run was halted: its backend is gone.');
    this.name = 'RunHaltedError';
  }
}

/**
 * Lets the owner of a run pause, resume, stop it and change its learning rate while the training
 * loop runs. The loop calls `checkpoint()` before every step, so each command takes effect at the
 * next step.
 */
export class RunControl {
  private paused = false;
  private stopped = false;
  private halted = false;
  private wake: (() => void) | null = null;
  private pendingLearningRate: number | null = null;
  private readonly haltSignal = new AbortController();

  get isPaused(): boolean {
    return this.paused;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** The backend under the run is gone (a lost WebGL context): the loop must give up at once. */
  get isHalted(): boolean {
    return this.halted;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /**
   * Halts the run because its backend is gone: unlike `stop()`, the loop does not wait for reads
   * from the device (they may never finish) and ends without a final result, leaving its last
   * snapshot to continue from.
   */
  halt(): void {
    this.halted = true;
    this.haltSignal.abort();
    this.wake?.();
  }

  /**
   * `read` (a read-back from the device), or a `RunHaltedError` as soon as the run is halted,
   * whichever comes first. A read that finishes after the halt is dropped: its values may come
   * from a lost context.
   */
  guard<T>(read: Promise<T>): Promise<T> {
    const signal = this.haltSignal.signal;
    if (signal.aborted) {
      read.catch(() => {});
      return Promise.reject(new RunHaltedError());
    }
    return new Promise<T>((resolve, reject) => {
      const onHalt = () => reject(new RunHaltedError());
      signal.addEventListener('abort', onHalt, { once: true });
      read.then(
        (value) => {
          signal.removeEventListener('abort', onHalt);
          if (this.halted) reject(new RunHaltedError());
          else resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onHalt);
          reject(this.halted ? new RunHaltedError() : error);
        },
      );
    });
  }

  setLearningRate(learningRate: number): void {
    this.pendingLearningRate = learningRate;
  }

  /** The learning rate asked for since the last call, if any. */
  takeLearningRate(): number | null {
    const lr = this.pendingLearningRate;
    this.pendingLearningRate = null;
    return lr;
  }

  /** Lets queued commands (pause, stop, a new learning rate) arrive before the next step. */
  checkpoint(): Promise<void> {
    return yieldToEventLoop();
  }

  /** Waits until resumed, stopped or halted. Resolves with the milliseconds spent paused. */
  async waitWhilePaused(): Promise<number> {
    const start = performance.now();
    while (this.paused && !this.stopped && !this.halted) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    return performance.now() - start;
  }
}
