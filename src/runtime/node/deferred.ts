// Node only: a promise with its resolve function outside it (Promise.withResolvers is Node 22), for the
// watchers' settled(): a change seen now settles when the work it schedules later is done.
export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

export function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
