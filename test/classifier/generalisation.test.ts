import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { classifyTool } from '../../classifier/classify.ts';
import type { Category, Risk } from '../../schemas/assessment.ts';
import type { ClassifierInput } from '../../schemas/tool.ts';

// Tools written for this test (not taken from any dataset), across payments, crypto, cloud, Kubernetes,
// git, shells and browsers: the rules must carry over to servers the dev set never saw.
function readRows(file: string) {
  return readFileSync(new URL(`../fixtures/classifier/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ClassifierInput & { category: Category; risk?: Risk });
}

describe('generalisation: categories', () => {
  test.each(readRows('generalisation.jsonl').map((row) => [row.name, row.category, row] as const))('%s → %s', (_, category, row) => {
    expect(classifyTool(row).category).toBe(category);
  });
});

describe('generalisation: categories and risks', () => {
  test.each(readRows('generalisation-risk.jsonl').map((row) => [row.name, row.category, row.risk, row] as const))('%s → %s / %s', (_, category, risk, row) => {
    const { category: gotCategory, risk: gotRisk } = classifyTool(row);
    expect({ category: gotCategory, risk: gotRisk }).toEqual({ category, risk });
  });
});
