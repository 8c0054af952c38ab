import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';

/** Messages waiting to be handled before the call is paused (each about 256 KiB). */
const HIGH_WATER = 8;

/**
 * A client stream as Nest hands it over (an Observable fed by the call's `data` events) turned into an
 * async iterable that pulls: the call is paused while HIGH_WATER messages wait, so a slow writer holds
 * back the sender (HTTP/2 flow control) instead of buffering the whole file in memory.
 */
export function messagesOf<T>(source: Observable<T>, call?: Pick<Readable, 'pause' | 'resume'>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const queue: T[] = [];
      let done = false;
      let failure: unknown = null;
      let wake: (() => void) | null = null;
      let paused = false;
      const notify = () => {
        wake?.();
        wake = null;
      };
      const subscription = source.subscribe({
        next(value) {
          queue.push(value);
          if (!paused && queue.length >= HIGH_WATER && call) {
            call.pause();
            paused = true;
          }
          notify();
        },
        error(error) {
          failure = error;
          done = true;
          notify();
        },
        complete() {
          done = true;
          notify();
        },
      });
      return {
        async next(): Promise<IteratorResult<T>> {
          while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
          if (queue.length > 0) {
            const value = queue.shift()!;
            if (paused && queue.length < HIGH_WATER / 2) {
              paused = false;
              call?.resume();
            }
            return { value, done: false };
          }
          if (failure) throw failure;
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<T>> {
          subscription.unsubscribe();
          done = true;
          if (paused) call?.resume();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
