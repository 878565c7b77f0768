// "Did you mean …?" for near-miss names: one edit-distance helper for config keys, stack names,
// CLI options, connectors and handoff fields. It lives in config/ because that is the lowest
// layer that needs it (config problems suggest keys); the CLI uses the same function.

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two neighbouring
 * characters as one edit (optimal string alignment), case-insensitive: "jsno" is 1 from "json".
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidate closest to `word`, if it is close enough to be a typo: at most 2 edits, and
 * fewer than half the word's length (so "ab" does not suggest "xy"). Ties go to the first
 * candidate in alphabetical order, so the answer never depends on the caller's ordering.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(2, Math.ceil(word.length / 2) - 1);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of [...new Set(candidates)].sort()) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)`, or "" when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined || match === word ? "" : ` (did you mean ${JSON.stringify(match)}?)`;
}
