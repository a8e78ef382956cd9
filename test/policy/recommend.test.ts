import { describe, expect, test } from 'vitest';
import { DEFAULT_BUDGETS, recommendPolicy, UNCERTAIN_BELOW } from '../../policy/recommend.ts';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { deriveServerKey } from '../../policy/server-key.ts';
import type { Category, Risk } from '../../schemas/assessment.ts';
import { PolicySchema, type PolicyAction, type RateLimit } from '../../schemas/policy.ts';
import { makeScan, makeTool } from './helpers.ts';

describe('default mapping', () => {
  test.each<[Category, Risk, PolicyAction, readonly RateLimit[]]>([
    ['read', 'low', 'allow', []],
    ['write', 'low', 'allow', []],
    ['read', 'medium', 'allow', DEFAULT_BUDGETS.mediumRead],
    ['write', 'medium', 'allow', DEFAULT_BUDGETS.mediumChange],
    ['execute', 'medium', 'allow', DEFAULT_BUDGETS.mediumChange],
    ['financial', 'medium', 'allow', DEFAULT_BUDGETS.mediumChange],
    ['read', 'high', 'approve', DEFAULT_BUDGETS.high],
    ['destructive', 'high', 'approve', DEFAULT_BUDGETS.high],
    ['read', 'critical', 'deny', []],
    ['financial', 'critical', 'deny', []],
  ])('%s tool of %s risk → %s', (category, risk, action, rateLimits) => {
    const [tool] = recommendPolicy(policyInputFromRecord(makeScan([makeTool('t', { category, risk })]))).tools;
    expect(tool?.action).toBe(action);
    expect(tool?.rateLimits ?? []).toEqual(rateLimits);
    expect(tool?.reason).toContain(`${category} tool, ${risk} risk`);
    expect(tool?.source).toBe('default');
  });

  test('reads and writes of medium risk get different budgets', () => {
    expect(DEFAULT_BUDGETS.mediumRead).not.toEqual(DEFAULT_BUDGETS.mediumChange);
  });

  test.each(['prompt-injection', 'hidden-unicode'] as const)('a %s finding denies even a low-risk read, with that reason', (id) => {
    const tool = makeTool('t', { findings: [{ id, severity: 'error', message: 'm', evidence: 'ignore previous instructions' }] });
    const [policyTool] = recommendPolicy(policyInputFromRecord(makeScan([tool]))).tools;
    expect(policyTool).toMatchObject({ action: 'deny', source: 'finding' });
    expect(policyTool?.reason).toContain(id);
    expect(policyTool?.reason).toContain('ignore previous instructions');
  });

  test('a hostile-kind finding below error (a lone soft hyphen is info) does not deny: a warning stays a warning', () => {
    const tool = makeTool('t', { findings: [{ id: 'hidden-unicode', severity: 'info', message: 'm', evidence: 'description: U+00AD' }] });
    expect(recommendPolicy(policyInputFromRecord(makeScan([tool]))).tools[0]?.action).toBe('allow');
  });

  test('other findings do not deny', () => {
    const tool = makeTool('t', { findings: [{ id: 'missing-description', severity: 'warning', message: 'm', evidence: '' }] });
    expect(recommendPolicy(policyInputFromRecord(makeScan([tool]))).tools[0]?.action).toBe('allow');
  });
});

describe('never less cautious than the server', () => {
  test.each<[string, Record<string, boolean>, string]>([
    ['declared destructive, assessed a medium write', { destructiveHint: true }, 'approve'],
    ['declared destructive and read-only (contradictory): the read-only claim stands', { destructiveHint: true, readOnlyHint: true }, 'allow'],
    ['declared not destructive', { destructiveHint: false }, 'allow'],
    ['no hints (the spec\'s default is not the author\'s word)', {}, 'allow'],
  ])('%s → %s', (_, annotations, action) => {
    const tool = { ...makeTool('edit', { category: 'write', risk: 'medium' }), annotations };
    const [recommended] = recommendPolicy(policyInputFromRecord(makeScan([tool]))).tools;
    expect(recommended?.action).toBe(action);
    if (action === 'approve') expect(recommended?.reason).toMatch(/declares it destructive/);
  });

  test('a stricter verdict stays: a declared-destructive critical tool is still denied', () => {
    const tool = { ...makeTool('wipe', { category: 'destructive', risk: 'critical' }), annotations: { destructiveHint: true } };
    expect(recommendPolicy(policyInputFromRecord(makeScan([tool]))).tools[0]?.action).toBe('deny');
  });
});

describe('uncertain verdicts', () => {
  test.each<[Category, Risk]>([
    ['read', 'low'],
    ['write', 'medium'],
    ['destructive', 'high'],
  ])('a %s tool of %s risk with confidence below the line is approved, for a person to look', (category, risk) => {
    const [tool] = recommendPolicy(policyInputFromRecord(makeScan([makeTool('t', { category, risk, confidence: UNCERTAIN_BELOW - 0.01 })]))).tools;
    expect(tool).toMatchObject({ action: 'approve', source: 'default' });
    expect(tool?.reason).toMatch(/^uncertain verdict: a person should look/);
  });

  test('confidence at the line keeps the default mapping', () => {
    const [tool] = recommendPolicy(policyInputFromRecord(makeScan([makeTool('t', { category: 'read', risk: 'low', confidence: UNCERTAIN_BELOW })]))).tools;
    expect(tool?.action).toBe('allow');
  });

  test('an uncertain critical verdict stays denied: doubt never loosens a verdict', () => {
    const [tool] = recommendPolicy(policyInputFromRecord(makeScan([makeTool('t', { category: 'execute', risk: 'critical', confidence: 0.3 })]))).tools;
    expect(tool?.action).toBe('deny');
  });

  test('a hostile finding still denies an uncertain verdict', () => {
    const tool = makeTool('t', { confidence: 0.2, findings: [{ id: 'prompt-injection', severity: 'error', message: 'm', evidence: 'ignore previous instructions' }] });
    expect(recommendPolicy(policyInputFromRecord(makeScan([tool]))).tools[0]?.action).toBe('deny');
  });
});

describe('recommendPolicy', () => {
  test('produces a valid policy with default deny and a scan pin', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool('a'), makeTool('b', { risk: 'critical' })])));
    expect(PolicySchema.parse(policy)).toEqual(policy);
    expect(policy.defaultAction).toBe('deny');
    expect(policy.server.scanPin).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a name listed twice gets one entry with the stricter verdict', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool('dup'), makeTool('dup', { risk: 'critical' })])));
    expect(policy.tools).toHaveLength(1);
    expect(policy.tools[0]?.action).toBe('deny');
  });

  test('a truncated or failed scan says so', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool('a')], { truncated: ['tools'], status: 'timeout', detail: 'took too long' })));
    expect(policy.notes.join('\n')).toMatch(/cap before the end of the tool list/);
    expect(policy.notes.join('\n')).toMatch(/status timeout/);
  });

  test.each([
    [{ serverName: 'my fs', target: 'x' }, 'my fs'],
    [{ target: 'npm:@modelcontextprotocol/server-filesystem@latest' }, 'filesystem'],
    [{ target: 'npm:@scope/foo-mcp-server' }, 'foo'],
    [{ target: 'https://example.com/mcp', server: { name: 'remote', version: '1', protocolVersion: 'x', capabilities: {} } }, 'remote'],
    [{ target: 'npm:@pinecone-database/mcp' }, 'pinecone'],
    [{ target: 'npm:@azure/mcp@latest' }, 'azure'],
    [{ target: 'npm:@playwright/mcp' }, 'playwright'],
    [{ target: 'npm:mcp-server-sqlite' }, 'sqlite'],
    [{ target: 'npm:@notionhq/notion-mcp-server' }, 'notion'],
    [{ target: 'npm:@upstash/context7-mcp' }, 'context7'],
    [{ target: 'npm:@supabase/mcp-server-supabase' }, 'supabase'],
    [{ target: 'npm:@x/mcp-server', package: { registry: 'npm' as const, name: '@x/mcp-server', version: '1.0.0' } }, 'x'],
    // A server.json's name is a registry name, not what a user types; its package says more.
    [{ targetKind: 'server-json' as const, serverName: 'io.github.acme/weather', target: 'server.json', package: { registry: 'npm' as const, name: '@acme/weather-mcp', version: '1.0.0' } }, 'weather'],
    [{ targetKind: 'client-config' as const, serverName: 'Playwright', target: '.mcp.json', package: { registry: 'npm' as const, name: '@playwright/mcp', version: '1.0.0' } }, 'Playwright'],
  ])('derives the server key from %j', (record, key) => {
    expect(deriveServerKey(record)).toBe(key);
  });
});
