import { describe, expect, test } from 'vitest';
import { recommendPolicy } from '../../policy/recommend.ts';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { matchGlob } from '../../policy/glob.ts';
import { ruleSpecificity } from '../../policy/rules.ts';
import { PolicyRulesFileSchema, type PolicyRulesFile } from '../../schemas/policy.ts';
import { loadFilesystemScan, makeScan, makeTool } from './helpers.ts';

const rules = (value: unknown): PolicyRulesFile => PolicyRulesFileSchema.parse(value);

describe('rules files', () => {
  test('override by category, risk, glob and exact name, most specific first', () => {
    const policy = recommendPolicy(policyInputFromRecord(loadFilesystemScan()), {
      rules: rules({
        version: 1,
        rules: [
          { match: { tool: 'write_file' }, action: 'deny', reason: 'we never overwrite' },
          { match: { category: 'write' }, action: 'approve' },
          { match: { risk: 'medium', category: 'read' }, action: 'allow', rateLimits: [{ window: 'hour', max: 500 }] },
          { match: { tool: 'list_*' }, action: 'allow', rateLimits: [{ window: 'day', max: 1000 }] },
          { match: { risk: 'low' }, action: 'allow' },
        ],
      }),
    });
    const byName = new Map(policy.tools.map((tool) => [tool.name, tool]));
    expect(byName.get('write_file')).toMatchObject({ action: 'deny', source: 'rules' });
    expect(byName.get('write_file')?.reason).toContain('we never overwrite');
    expect(byName.get('create_directory')).toMatchObject({ action: 'approve', source: 'rules' });
    expect(byName.get('read_text_file')?.rateLimits).toEqual([{ window: 'hour', max: 500 }]);
    // The glob (4) beats risk (2): list_* keeps its daily budget.
    expect(byName.get('list_directory')?.rateLimits).toEqual([{ window: 'day', max: 1000 }]);
    expect(byName.get('search_files')).toMatchObject({ action: 'allow', source: 'rules' });
    expect(byName.get('search_files')?.rateLimits).toBeUndefined();
  });

  test('among equally specific rules the later one wins', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool('t')])), {
      rules: rules({ version: 1, rules: [{ match: { risk: 'low' }, action: 'deny' }, { match: { risk: 'low' }, action: 'approve' }] }),
    });
    expect(policy.tools[0]?.action).toBe('approve');
  });

  test('a finding-denied tool is re-enabled only by a rule naming it exactly', () => {
    const hostile = makeTool('evil', { findings: [{ id: 'prompt-injection', severity: 'error', message: 'm', evidence: 'ignore all' }] });
    const broad = recommendPolicy(policyInputFromRecord(makeScan([hostile])), { rules: rules({ version: 1, rules: [{ match: { tool: '*' }, action: 'allow' }, { match: { risk: 'low' }, action: 'allow' }] }) });
    expect(broad.tools[0]?.action).toBe('deny');
    const exact = recommendPolicy(policyInputFromRecord(makeScan([hostile])), { rules: rules({ version: 1, rules: [{ match: { tool: 'evil' }, action: 'approve' }] }) });
    expect(exact.tools[0]?.action).toBe('approve');
  });

  test.each([
    [{ version: 2, rules: [] }, 'version'],
    [{ version: 1, rules: [{ match: {}, action: 'allow' }] }, 'rules.0.match'],
    [{ version: 1, rules: [{ match: { risk: 'extreme' }, action: 'allow' }] }, 'rules.0.match.risk'],
    [{ version: 1, rules: [{ match: { tool: 'x' }, action: 'deny', rateLimits: [{ window: 'hour', max: 1 }] }] }, 'rules.0.rateLimits'],
    [{ version: 1, rules: [{ match: { tool: 'x' }, action: 'allow', rateLimits: [{ window: 'hour', max: 1 }, { window: 'hour', max: 2 }] }] }, 'rules.0.rateLimits'],
    [{ version: 1, rules: [{ match: { tool: 'x' }, action: 'allow', extra: true }] }, 'rules.0'],
  ])('rejects %j at %s', (value, path) => {
    const parsed = PolicyRulesFileSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  test.each([
    ['list_*', 'list_directory', true],
    ['list_*', 'xlist_directory', false],
    ['read_?ile', 'read_file', true],
    ['a.b', 'axb', false],
    ['(x)', '(x)', true],
    ['*', '', true],
    ['?', '', false],
    ['*_file', 'read_file', true],
    ['*_file', 'read_files', false],
    ['a*b*c', 'abxbc', true],
    ['a*b*c', 'acb', false],
    ['**x', 'x', true],
    ['?\u{1F600}', 'a\u{1F600}', true],
    ['a?c', 'a\u{1F600}c', true],
    ['a*', 'a\nb', true],
  ])('glob %s matches %s: %s', (pattern, name, expected) => {
    expect(matchGlob(pattern, name)).toBe(expected);
  });

  test('glob matching takes steps bounded by pattern × name, never exponential', () => {
    const name = 'a'.repeat(5_000);
    const counter = { steps: 0 };
    expect(matchGlob('*a*a*a*b', name, counter)).toBe(false);
    expect(counter.steps).toBeLessThanOrEqual((name.length + 1) * ('*a*a*a*b'.length + 1));
    // The rule the attack used, through the whole policy: it finishes at once.
    const started = performance.now();
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool(name)])), { rules: rules({ version: 1, rules: [{ match: { tool: '*a*a*a*b' }, action: 'deny' }] }) });
    expect(policy.tools[0]!.source).toBe('default');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('a rule names a tool or glob of at most 256 characters', () => {
    expect(PolicyRulesFileSchema.safeParse({ version: 1, rules: [{ match: { tool: 'x'.repeat(256) }, action: 'deny' }] }).success).toBe(true);
    const parsed = PolicyRulesFileSchema.safeParse({ version: 1, rules: [{ match: { tool: '*'.repeat(257) }, action: 'deny' }] });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain('rules.0.match.tool');
  });

  test('specificity: exact > glob > risk > category', () => {
    expect(ruleSpecificity({ tool: 'a' })).toBeGreaterThan(ruleSpecificity({ tool: 'a*', risk: 'low', category: 'read' }));
    expect(ruleSpecificity({ tool: 'a*' })).toBeGreaterThan(ruleSpecificity({ risk: 'low', category: 'read' }));
    expect(ruleSpecificity({ risk: 'low' })).toBeGreaterThan(ruleSpecificity({ category: 'read' }));
  });
});
