/**
 * Gives queued messages (pause, stop, a new learning rate) a chance to run between training steps.
 * Not `setTimeout(0)`: browsers clamp nested timeouts to 4 ms, a large share of a 7 ms step.
 * Not `tf.nextFrame()`: inside a worker it may resolve without yielding.
 */
let channel: MessageChannel | null = null;
const waiting: Array<() => void> = [];

export function yieldToEventLoop(): Promise<void> {
  const immediate = globalThis.setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => immediate(resolve));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}
