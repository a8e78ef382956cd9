/** The largest table the line diff builds; beyond it the whole text is shown as replaced. */
const MAX_CELLS = 4_000_000;
const CONTEXT_LINES = 3;

type Edit = { kind: ' ' | '-' | '+'; line: string };

function diffLines(before: string[], after: string[]): Edit[] {
  const n = before.length;
  const m = after.length;
  if (n * m > MAX_CELLS) return [...before.map((line) => ({ kind: '-' as const, line })), ...after.map((line) => ({ kind: '+' as const, line }))];
  // Longest common subsequence, from the end, so the walk below goes forwards.
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = before[i] === after[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      edits.push({ kind: ' ', line: before[i]! });
      i++;
      j++;
    } else if (i < n && (j === m || table[i + 1]![j]! >= table[i]![j + 1]!)) {
      // Removals before additions, as diff(1) prints them.
      edits.push({ kind: '-', line: before[i]! });
      i++;
    } else {
      edits.push({ kind: '+', line: after[j]! });
      j++;
    }
  }
  return edits;
}

/** A unified diff of two texts (`--- a`, `+++ b`, `@@` hunks with three lines of context); empty when equal. */
export function unifiedDiff(before: string, after: string, name: string): string {
  if (before === after) return '';
  const edits = diffLines(before.split('\n'), after.split('\n'));
  const output = [`--- ${name}`, `+++ ${name} (after)`];
  let index = 0;
  while (index < edits.length) {
    while (index < edits.length && edits[index]!.kind === ' ') index++;
    if (index >= edits.length) break;
    let start = Math.max(0, index - CONTEXT_LINES);
    let end = index;
    // Extend the hunk while changes are closer than twice the context.
    for (let gap = 0; end < edits.length && gap <= CONTEXT_LINES * 2; end++) gap = edits[end]!.kind === ' ' ? gap + 1 : 0;
    end = Math.min(edits.length, end);
    while (end > index && edits[end - 1]!.kind === ' ' && countTrailingContext(edits, end) > CONTEXT_LINES) end--;
    const oldStart = edits.slice(0, start).filter((edit) => edit.kind !== '+').length + 1;
    const newStart = edits.slice(0, start).filter((edit) => edit.kind !== '-').length + 1;
    const hunk = edits.slice(start, end);
    output.push(`@@ -${oldStart},${hunk.filter((edit) => edit.kind !== '+').length} +${newStart},${hunk.filter((edit) => edit.kind !== '-').length} @@`);
    for (const edit of hunk) output.push(`${edit.kind}${edit.line}`);
    index = end;
    start = end;
  }
  return `${output.join('\n')}\n`;
}

function countTrailingContext(edits: Edit[], end: number): number {
  let count = 0;
  for (let index = end - 1; index >= 0 && edits[index]!.kind === ' '; index--) count++;
  return count;
}
