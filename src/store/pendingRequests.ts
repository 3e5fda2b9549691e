/**
 * Requests to the worker that wait for its answer, by request id (the id ties the answer to its
 * request). `ask` numbers a request, sends it and returns a promise that `resolve` or `reject`
 * with that id settles; an id no longer waiting is ignored. Not state: promises are not rendered.
 */
export function pendingRequests<T>() {
  let nextRequest = 1;
  const pending = new Map<number, { resolve(result: T): void; reject(error: Error): void }>();
  const settle = (requestId: number) => {
    const p = pending.get(requestId);
    pending.delete(requestId);
    return p;
  };
  return {
    ask(send: (requestId: number) => void): Promise<T> {
      const requestId = nextRequest++;
      return new Promise<T>((resolve, reject) => {
        pending.set(requestId, { resolve, reject });
        send(requestId);
      });
    },
    resolve(requestId: number, result: T): void {
      settle(requestId)?.resolve(result);
    },
    /** Fails the request with an Error whose message is `message` (for the user). */
    reject(requestId: number, message: string): void {
      settle(requestId)?.reject(new Error(message));
    },
    /** Fails every request still waiting: the worker that would answer them is gone. */
    rejectAll(message: string): void {
      pending.forEach((p) => p.reject(new Error(message)));
      pending.clear();
    },
  };
}
