// What long work reports as it goes (compiling, writing a store, importing), without knowing where it is
// shown: the command line draws it on a terminal or prints plain stages (cli/progress.ts); a server or a
// test passes nothing.

/** One stage of the work: `tick` with how much is done so far, `finish` once it is all done. */
export interface Stage {
  tick(done: number): void;
  finish(note?: string): void;
}

export interface Progress {
  /** A stage of `total` items (articles, files, posts), or of an unknown amount. */
  stage(label: string, total?: number, unit?: string): Stage;
}

const quiet: Stage = { tick: () => {}, finish: () => {} };

/** Reports nothing. */
export const silent: Progress = { stage: () => quiet };
