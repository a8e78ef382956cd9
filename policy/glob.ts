/** True when a rule's `tool` is a glob rather than an exact name. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/**
 * Matches a glob against a name without a regular expression: `*` matches any run of characters (none
 * included), `?` exactly one (a code point), everything else itself, case-sensitive. Greedy with one
 * restart point, the last `*`: each step advances the name or the restart, so the work is at most
 * (name length + 1) × (pattern length + 1) steps, whatever the input (a backtracking regex for
 * `*a*a*a*b` takes exponential time). `counter.steps` counts them, for tests.
 */
export function matchGlob(pattern: string, name: string, counter?: { steps: number }): boolean {
  const glob = Array.from(pattern);
  const text = Array.from(name);
  let g = 0;
  let t = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (counter) counter.steps++;
    const token = glob[g];
    if (token === '*') {
      starAt = g++;
      resumeAt = t;
    } else if (token !== undefined && (token === '?' || token === text[t])) {
      g++;
      t++;
    } else if (starAt !== -1) {
      // The last star swallows one more character; earlier stars never need to change.
      g = starAt + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}
