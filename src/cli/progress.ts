// Progress on the command line (build/progress.ts): on a terminal, one line per stage redrawn in place
// with done/total and the rate; in a pipe, a log file or under CI, one plain line when a stage starts
// and one when it ends, so logs stay readable.
import type { Progress, Stage } from '../build/progress.ts';

export interface ProgressOptions {
  write: (text: string) => void;
  /** Redraw in place (a terminal that is not CI's). */
  live: boolean;
  /** Milliseconds, monotonic. */
  now?: () => number;
}

const number = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function createProgress({ write, live, now = () => performance.now() }: ProgressOptions): Progress {
  return {
    stage(label, total, unit = 'items'): Stage {
      const started = now();
      let shown = Number.NEGATIVE_INFINITY;
      let done = 0;
      const rate = () => {
        const elapsed = (now() - started) / 1000;
        return elapsed > 0 ? `, ${number(Math.round(done / elapsed))}/s` : '';
      };
      const amount = () =>
        total === undefined ? `${number(done)} ${unit}` : `${number(done)}/${number(total)} ${unit}`;
      if (!live) write(`${label}${total === undefined ? '' : ` (${number(total)} ${unit})`}...\n`);
      return {
        tick(count) {
          done = count;
          // Ten redraws a second at most: a redraw per article would cost more than the work.
          if (!live || now() - shown < 100) return;
          shown = now();
          write(`\r\x1b[2K${label}: ${amount()}${rate()}`);
        },
        finish(note) {
          if (total !== undefined) done = total;
          const end = `${label}: ${amount()} in ${seconds(now() - started)}${note ? `; ${note}` : ''}\n`;
          write(live ? `\r\x1b[2K${end}` : end);
        },
      };
    },
  };
}
