import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';

/** Messages waiting to be handled before the call is paused (each about 256 KiB). */
const HIGH_WATER = 8;

type StreamCall = Pick<Readable, 'pause' | 'resume' | 'on' | 'off'>;

/**
 * A client stream as Nest hands it over (an Observable fed by the call's `data` events) turned into an
 * async iterable that pulls: the call is paused while HIGH_WATER messages wait, so a slow writer holds
 * back the sender (HTTP/2 flow control) instead of buffering the whole file in memory. The end comes from
 * the call itself (`end`, `cancelled`, `error`): Nest 12 holds back the Observable's completion until a
 * replay buffer is drained, which never happens here, so a cancelled upload would otherwise wait forever.
 */
export function messagesOf<T>(source: Observable<T>, call?: StreamCall): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const queue: T[] = [];
      let done = false;
      let failure: Error | null = null;
      let wake: (() => void) | null = null;
      let paused = false;
      const notify = () => {
        wake?.();
        wake = null;
      };
      const finish = () => {
        done = true;
        notify();
      };
      const fail = (error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
        finish();
      };
      call?.on('end', finish);
      call?.on('cancelled', finish);
      call?.on('error', fail);
      const detach = () => {
        call?.off('end', finish);
        call?.off('cancelled', finish);
        call?.off('error', fail);
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
          failure = error instanceof Error ? error : new Error(String(error));
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
          detach();
          done = true;
          if (paused) call?.resume();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
