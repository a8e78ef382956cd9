import { describe, expect, test } from 'vitest';
import { splitByServer } from '../../classifier/folds.ts';

describe('splitByServer', () => {
  const rows = Array.from({ length: 200 }, (_, index) => ({ id: index, server: `server-${index % 37}` }));
  const folds = splitByServer(rows, 5);

  test('every row lands in exactly one fold', () => {
    expect(folds).toHaveLength(5);
    expect(folds.flat().map((row) => row.id).sort((a, b) => a - b)).toEqual(rows.map((row) => row.id));
  });

  test('no server is split across folds', () => {
    const foldOf = new Map<string, number>();
    folds.forEach((fold, index) => {
      for (const { server } of fold) {
        expect(foldOf.get(server) ?? index).toBe(index);
        foldOf.set(server, index);
      }
    });
  });

  test('folds hold near-equal numbers of servers', () => {
    const counts = folds.map((fold) => new Set(fold.map((row) => row.server)).size);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  test('the split is the same on every run and does not depend on row order', () => {
    const again = splitByServer([...rows].reverse(), 5).map((fold) => fold.map((row) => row.id).sort((a, b) => a - b));
    expect(again).toEqual(folds.map((fold) => fold.map((row) => row.id).sort((a, b) => a - b)));
  });
});
