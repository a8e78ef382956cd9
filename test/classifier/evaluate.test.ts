import { describe, expect, test } from 'vitest';
import { evaluate } from '../../classifier/evaluate.ts';

describe('evaluate', () => {
  const report = evaluate([
    { expected: { category: 'read', risk: 'low', acceptableRisks: ['low'] }, predicted: { category: 'read', risk: 'low' }, declared: { readOnlyHint: true } },
    { expected: { category: 'destructive', risk: 'critical', acceptableRisks: ['critical'] }, predicted: { category: 'write', risk: 'medium' }, declared: { readOnlyHint: false, destructiveHint: true }, allowedUnasked: true },
    { expected: { category: 'execute', risk: 'high', acceptableRisks: ['high', 'critical'] }, predicted: { category: 'execute', risk: 'critical' }, declared: null, allowedUnasked: false },
    { expected: { category: 'write', risk: 'medium', acceptableRisks: ['medium'] }, predicted: { category: 'write', risk: 'high' }, declared: undefined },
  ]);
  test('accuracy, risk and unsafe misses', () => {
    expect(report.categoryAccuracy).toBe(0.75);
    expect(report.riskAccepted).toBe(0.5);
    expect(report.riskWithinOne).toBe(0.75);
    expect(report.unsafeTotal).toBe(2);
    expect(report.unsafeMissRate).toBe(0.5);
    expect(report.unsafeAllowRate).toBe(0.5);
    expect(report.confusion.destructive.write).toBe(1);
  });
  test('macro-F1 averages the categories present', () => {
    // read 1/1, write P=1/2 R=1/1 → 2/3, execute 1, destructive 0.
    expect(report.macroF1).toBeCloseTo((1 + 2 / 3 + 1 + 0) / 4, 5);
  });
  test('hint agreement', () => {
    expect(report.readOnlyHint).toEqual({ declared: 2, agreeing: 2 });
    expect(report.destructiveHint).toEqual({ declared: 1, agreeing: 0 });
  });
});
