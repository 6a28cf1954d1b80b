// The known name a misspelt one most likely meant ("tilte" -> "title"), for "did you mean" hints.
// Hand-written rather than a dependency: the distance is twenty lines, and the threshold is ours.

/**
 * Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring):
 * how many insertions, deletions, substitutions and swaps of two neighbours turn `a` into `b`. The
 * swap matters: "tgas" is one slip away from "tags", where plain Levenshtein counts two.
 */
export function editDistance(a: string, b: string): number {
  // Rows of the dynamic programming table: two rows back, the previous one and the current one.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] as number) + 1);
      }
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/** How many slips a name of this length may hold and still be taken for a known one: one in a short
 * name ("nmae" is not "date"), two from five letters on, three from nine. */
function tolerance(length: number): number {
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/** The candidate closest to `name` (ignoring case) within the tolerance, the first on a tie; none when
 * nothing is close, since a far-fetched guess misleads more than no guess. */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  const folded = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = tolerance(name.length) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(folded, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
