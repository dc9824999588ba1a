/**
 * "Did you mean": the closest of a few known words to a misspelt one, by edit distance. Pure; used
 * for unknown fields and values outside a fixed set (load.ts).
 */

/** Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b` (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known word closest to `word`, when it is close enough to be a slip: the same word in another
 * letter case, or at most one edit per three letters (at least one, at most three). Ties go to the
 * word listed first; undefined when nothing is close or `word` is itself known.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  if (known.includes(word)) return undefined;
  const sameCase = known.find((k) => k.toLowerCase() === word.toLowerCase());
  if (sameCase !== undefined) return sameCase;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { word: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word;
}

/** `; did you mean <word>?` for a close known word, or nothing. */
export function didYouMean(word: string, known: readonly string[]): string {
  const match = closest(word, known);
  return match === undefined ? '' : `; did you mean ${match}?`;
}
