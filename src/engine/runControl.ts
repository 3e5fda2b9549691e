import { yieldToEventLoop } from './yieldToEventLoop';

/**
 * Lets the owner of a run pause, resume, stop it and change its learning rate while the training
 * loop runs. The loop calls `checkpoint()` before every step, so each command takes effect at the
 * next step.
 */
export class RunControl {
  private paused = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private pendingLearningRate: number | null = null;

  get isPaused(): boolean {
    return this.paused;
  }

  get isStopped(): boolean {
    return this.stopped;
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

  setLearningRate(learningRate: number): void {
    this.pendingLearningRate = learningRate;
  }

  /** The learning rate asked for since the last call, if any. */
  takeLearningRate(): number | null {
    const lr = this.pendingLearningRate;
    this.pendingLearningRate = null;
    return lr;
  }

  /**
   * Yields to the event loop, then waits while paused. Resolves with the milliseconds spent
   * paused, so the loop can leave them out of its timings.
   */
  async checkpoint(): Promise<number> {
    await yieldToEventLoop();
    if (!this.paused || this.stopped) return 0;
    const start = performance.now();
    while (this.paused && !this.stopped) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    return performance.now() - start;
  }
}
