import { describe, expect, it } from 'vitest';
import { RunControl, RunHaltedError } from './runControl';

describe('RunControl.guard (reads from a device that may be gone)', () => {
  it('passes a read through while the run is not halted', async () => {
    await expect(new RunControl().guard(Promise.resolve(3))).resolves.toBe(3);
    await expect(new RunControl().guard(Promise.reject(new Error('driver')))).rejects.toThrow('driver');
  });

  it('gives up on a read that never finishes as soon as the run is halted', async () => {
    const control = new RunControl();
    const stuck = control.guard(new Promise<number>(() => {}));
    setTimeout(() => control.halt(), 10);
    await expect(stuck).rejects.toBeInstanceOf(RunHaltedError);
  });

  it('drops a read that finishes after the halt, and refuses new ones', async () => {
    const control = new RunControl();
    let finish: (v: number) => void = () => {};
    const late = control.guard(new Promise<number>((resolve) => (finish = resolve)));
    control.halt();
    finish(1);
    await expect(late).rejects.toBeInstanceOf(RunHaltedError);
    await expect(control.guard(Promise.resolve(2))).rejects.toBeInstanceOf(RunHaltedError);
  });
});
