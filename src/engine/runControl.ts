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

  /** Lets queued commands (pause, stop, a new learning rate) arrive before the next step. */
  checkpoint(): Promise<void> {
    return yieldToEventLoop();
  }

  /** Waits until resumed or stopped. Resolves with the milliseconds spent paused. */
  async waitWhilePaused(): Promise<number> {
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
