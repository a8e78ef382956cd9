import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { verdictForCall } from '../../guard/argument-verdict.ts';
import { resolveRealPath } from '../../guard/real-path.ts';
import { reviewToolList } from '../../guard/tool-verdicts.ts';
import { decideByArguments, resolveLexically } from '../../policy/argument-conditions.ts';
import { recommendPolicy } from '../../policy/recommend.ts';
import { describeUnsafePattern } from '../../schemas/argument-conditions.ts';
import { PolicyRulesFileSchema, type PolicyRulesFile, type PolicyTool } from '../../schemas/policy.ts';
import { loadFilesystemScan, makeScan, makeTool } from './helpers.ts';

const rules = (value: unknown): PolicyRulesFile => PolicyRulesFileSchema.parse(value);
const toolOf = (file: PolicyRulesFile, name = 'write_file'): PolicyTool => recommendPolicy(policyInputFromRecord(loadFilesystemScan()), { rules: file }).tools.find((tool) => tool.name === name)!;

const underProject = rules({
  version: 1,
  rules: [
    { match: { tool: 'write_file' }, when: { path: { under: '/home/me/project' } }, action: 'allow' },
    { match: { tool: 'write_file' }, action: 'deny', reason: 'agents write only inside the project' },
  ],
});

describe('argument rules in the static policy', () => {
  test('the tool gets the most cautious outcome, and the rules in order with what applies otherwise', () => {
    const tool = toolOf(underProject);
    expect(tool.action).toBe('deny');
    expect(tool.argumentRules?.rules).toEqual([expect.objectContaining({ rule: 1, when: { path: { under: '/home/me/project' } }, outcome: expect.objectContaining({ action: 'allow' }) })]);
    expect(tool.argumentRules?.otherwise).toMatchObject({ action: 'deny' });
    expect(tool.argumentRules?.otherwise.reason).toContain('agents write only inside the project');
  });

  test('a rule with when is tried before an equally specific one without, but not before a more specific one', () => {
    const broad = toolOf(rules({ version: 1, rules: [{ match: { tool: 'write_file' }, action: 'deny' }, { match: { category: 'write' }, when: { path: { under: '/p' } }, action: 'allow' }] }));
    expect(broad.argumentRules).toBeUndefined();
    expect(broad.action).toBe('deny');
  });

  test('rules with when keep their file order; the first that applies decides', () => {
    const tool = toolOf(rules({
      version: 1,
      rules: [
        { match: { tool: 'write_file' }, when: { path: { under: '/p/secret' } }, action: 'deny' },
        { match: { tool: 'write_file' }, when: { path: { under: '/p' } }, action: 'allow', rateLimits: [{ window: 'minute', max: 5 }] },
      ],
    }));
    const decide = (path: string) => decideByArguments(tool.argumentRules!, { path }).outcome.action;
    expect(decide('/p/secret/key')).toBe('deny');
    expect(decide('/p/a.txt')).toBe('allow');
    // No rule applies: the tool's default verdict (write, medium → allow with a budget? the fixture's own verdict).
    expect(decideByArguments(tool.argumentRules!, { path: '/elsewhere' }).decision.rule).toBeUndefined();
  });

  test('a tool no rule with when matches keeps working as before', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool('t')])), { rules: rules({ version: 1, rules: [{ match: { risk: 'low' }, action: 'deny' }, { match: { risk: 'low' }, action: 'approve' }] }) });
    expect(policy.tools[0]).toMatchObject({ action: 'approve' });
    expect(policy.tools[0]?.argumentRules).toBeUndefined();
  });
});

describe('decideByArguments', () => {
  const tool = toolOf(underProject);
  test.each([
    ['inside', { path: '/home/me/project/src/a.ts' }, 'allow', 1],
    ['the folder itself', { path: '/home/me/project' }, 'allow', 1],
    ['.. escapes', { path: '/home/me/project/../other/a.ts' }, 'deny', undefined],
    ['a sibling with the same prefix', { path: '/home/me/project-evil/a.ts' }, 'deny', undefined],
    ['a relative path cannot be judged: the cautious side', { path: 'a.ts' }, 'deny', undefined],
    ['not a string', { path: 42 }, 'deny', undefined],
    ['missing', {}, 'deny', undefined],
    ['no arguments at all', undefined, 'deny', undefined],
    ['__proto__ is not an argument', JSON.parse('{"__proto__": {"path": "/home/me/project/a"}}'), 'deny', undefined],
  ])('under: %s', (_label, args, action, rule) => {
    const verdict = decideByArguments(tool.argumentRules!, args);
    expect(verdict.outcome.action).toBe(action);
    expect(verdict.decision.rule).toBe(rule);
  });

  const money = rules({
    version: 1,
    rules: [
      { match: { tool: 'write_file' }, when: { amount: { max: 50 }, currency: { in: ['EUR', 'USD'] } }, action: 'allow' },
      { match: { tool: 'write_file' }, when: { command: { matches: 'ls|git status|cat [a-z./]+' } }, action: 'allow' },
      { match: { tool: 'write_file' }, when: { force: { present: true } }, action: 'deny' },
      { match: { tool: 'write_file' }, action: 'approve' },
    ],
  });
  const moneyTool = toolOf(money);
  test.each([
    [{ amount: 50, currency: 'EUR' }, 'allow', 1],
    [{ amount: 50.5, currency: 'EUR' }, 'approve', undefined],
    [{ amount: 10, currency: 'GBP' }, 'approve', undefined],
    [{ amount: '10', currency: 'EUR' }, 'approve', undefined],
    [{ command: 'git status' }, 'allow', 2],
    [{ command: 'git status; rm -rf /' }, 'approve', undefined],
    [{ command: 'cat ./a.txt' }, 'allow', 2],
    [{ command: 'x'.repeat(2000) }, 'approve', undefined],
    [{ command: 'ls', force: true }, 'allow', 2],
    [{ force: false }, 'deny', 3],
  ])('min/max, in, matches, present: %j', (args, action, rule) => {
    const verdict = decideByArguments(moneyTool.argumentRules!, args);
    expect(verdict.outcome.action).toBe(action);
    expect(verdict.decision.rule).toBe(rule);
  });

  test('an argument a deny rule cannot judge gets the deny, naming the rule', () => {
    const guarded = toolOf(rules({ version: 1, rules: [{ match: { tool: 'write_file' }, when: { path: { under: '/etc' } }, action: 'deny' }, { match: { tool: 'write_file' }, action: 'allow' }] }));
    const verdict = decideByArguments(guarded.argumentRules!, { path: '../../etc/passwd' });
    expect(verdict.outcome.action).toBe('deny');
    expect(verdict.decision.rule).toBe(1);
    expect(verdict.decision.condition).toContain('not an absolute path');
    expect(decideByArguments(guarded.argumentRules!, { path: '/home/a' }).outcome.action).toBe('allow');
  });

  test('the static action is the most cautious outcome', () => {
    expect(moneyTool.action).toBe('deny');
  });

  test('the audit names the condition that decided', () => {
    expect(decideByArguments(tool.argumentRules!, { path: '/home/me/project/../x' }).decision.condition).toContain('not under /home/me/project');
    expect(decideByArguments(tool.argumentRules!, { path: '/home/me/project/a' }).decision.condition).toContain('"path" under /home/me/project');
  });
});

describe('rules files with when', () => {
  test.each([
    [{ path: { under: 'relative/dir' } }, 'expected an absolute folder'],
    [{ cmd: { matches: '(a+)+$' } }, 'nested repetition'],
    [{ cmd: { matches: '(a|ab)*' } }, 'nested repetition'],
    [{ cmd: { matches: '(a)\\1' } }, 'backreferences'],
    [{ cmd: { matches: 'a*b*c*' } }, 'at most 2 quantifiers'],
    [{ cmd: { matches: '[' } }, 'not a valid regular expression'],
    [{ cmd: { matches: 'x'.repeat(300) } }, 'Too big'],
    [{ cmd: {} }, 'give at least one'],
    [{ n: { min: 5, max: 1 } }, 'min is greater than max'],
    [{ n: { present: false, max: 1 } }, 'present: false cannot be combined'],
    [{}, 'at least one argument'],
  ])('%j is refused', (when, message) => {
    const parsed = PolicyRulesFileSchema.safeParse({ version: 1, rules: [{ match: { tool: 't' }, when, action: 'allow' }] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });

  test.each(['ls|cat', '[a-z]+', '(ls|cat) [a-z./]+', '\\d{1,3}', 'a+?b*'])('%s is in the safe subset', (pattern) => {
    expect(describeUnsafePattern(pattern)).toBeUndefined();
  });
});

describe('paths in the guard', () => {
  test('a symlink inside the folder that points outside it does not count as inside', () => {
    const root = mkdtempSync(join(tmpdir(), 'mcp-risk-under-'));
    mkdirSync(join(root, 'project'));
    mkdirSync(join(root, 'outside'));
    symlinkSync(join(root, 'outside'), join(root, 'project', 'link'));
    const tool = toolOf(rules({ version: 1, rules: [{ match: { tool: 'write_file' }, when: { path: { under: join(root, 'project') } }, action: 'allow' }, { match: { tool: 'write_file' }, action: 'deny' }] }));
    expect(resolveRealPath(join(root, 'project', 'link', 'new.txt'))).toBe(join(resolveRealPath(root), 'outside', 'new.txt'));
    expect(decideByArguments(tool.argumentRules!, { path: join(root, 'project', 'link', 'new.txt') }, resolveLexically).outcome.action).toBe('allow');
    expect(decideByArguments(tool.argumentRules!, { path: join(root, 'project', 'link', 'new.txt') }, resolveRealPath).outcome.action).toBe('deny');
    expect(decideByArguments(tool.argumentRules!, { path: join(root, 'project', 'new', '..', 'b.txt') }, resolveRealPath).outcome.action).toBe('allow');
  });

  test('the guard lists a tool argument rules allow for some calls, and decides each call with the rule that decided', () => {
    const scan = loadFilesystemScan();
    const policy = recommendPolicy(policyInputFromRecord(scan), { rules: underProject });
    const items = scan.tools.map(({ assessment: _a, pin: _p, ...definition }) => definition);
    const reviewed = reviewToolList(items, policy);
    expect(reviewed.tools.map((tool) => tool.name)).toContain('write_file');
    const verdict = reviewed.verdicts.find((item) => item.name === 'write_file');
    const inside = verdictForCall(verdict, { path: '/home/me/project/a' }, resolveLexically);
    expect(inside.verdict?.action).toBe('allow');
    expect(inside.argumentDecision).toMatchObject({ rule: 1 });
    expect(verdictForCall(verdict, { path: '/etc/passwd' }, resolveLexically).verdict?.action).toBe('deny');
  });
});
