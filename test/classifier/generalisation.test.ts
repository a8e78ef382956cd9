import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { classifyTool } from '../../classifier/classify.ts';
import type { Category } from '../../schemas/assessment.ts';
import type { ClassifierInput } from '../../schemas/tool.ts';

// Tools written for this test (not taken from any dataset), across payments, crypto, cloud, Kubernetes,
// git, shells and browsers: the rules must carry over to servers the dev set never saw.
const rows = readFileSync(new URL('../fixtures/classifier/generalisation.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as ClassifierInput & { category: Category });

describe('generalisation table', () => {
  test.each(rows.map((row) => [row.name, row.category, row] as const))('%s → %s', (_, category, row) => {
    expect(classifyTool(row).category).toBe(category);
  });
});
