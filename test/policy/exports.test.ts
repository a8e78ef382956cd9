import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml, parseDocument } from 'yaml';
import { cautiousAnnotations } from '../../policy/export.ts';
import { recommendPolicy } from '../../policy/recommend.ts';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { exportPolicy, POLICY_FORMAT_INFO, POLICY_FORMATS, type PolicyFormat } from '../../policy/render.ts';
import { claudeCodeToolRule, normalizeClaudeCodeName } from '../../policy/exports/claude-code.ts';
import { withoutUnboundedAllows } from '../../policy/client-view.ts';
import { ClaudeCodeSettingsFragmentSchema, CodexConfigSchema, GeminiPolicyFileSchema } from './client-shapes.ts';
import { isToolHiveExpressible, TOOLHIVE_NOTHING_ALLOWED } from '../../policy/exports/toolhive.ts';
import { vscodeToolReference } from '../../policy/exports/vscode.ts';
import { PolicySchema, type Policy } from '../../schemas/policy.ts';
import { loadFilesystemScan, makeScan, makeTool } from './helpers.ts';
import { checkParsePolicySet } from '@cedar-policy/cedar-wasm/nodejs';
import { parse as parseToml } from 'smol-toml';

const goldenDirectory = new URL('../fixtures/policy-golden/', import.meta.url);
const extension = (format: PolicyFormat) => (POLICY_FORMAT_INFO[format].mediaType === 'application/yaml' ? 'yaml' : 'json');

/** Checks one export against the shape its target documents (see docs/policy.md for sources). */
function expectDocumentedShape(reviewed: Policy, format: PolicyFormat, text: string): void {
  // Clients that cannot count calls ask before a budgeted call that changes something (withoutUnboundedAllows).
  const policy = ['claude-code', 'cursor', 'vscode', 'codex'].includes(format) ? withoutUnboundedAllows(reviewed, format).policy : reviewed;
  const allowed = policy.tools.filter((tool) => tool.action === 'allow').map((tool) => tool.name);
  switch (format) {
    case 'mcp-risk':
      expect(PolicySchema.parse(JSON.parse(text))).toEqual(policy);
      break;
    case 'claude-code': {
      const parsed = JSON.parse(text);
      ClaudeCodeSettingsFragmentSchema.parse(parsed);
      expect(Object.keys(parsed.permissions)).toEqual(['allow', 'ask', 'deny']);
      expect(parsed.hooks.PreToolUse.map((entry: { matcher: string }) => entry.matcher)).toEqual([`mcp__${normalizeClaudeCodeName(policy.server.key)}__.*`]);
      const all = [...parsed.permissions.allow, ...parsed.permissions.ask, ...parsed.permissions.deny];
      for (const rule of all) expect(rule).toMatch(/^mcp__[a-zA-Z0-9_-]+__[a-zA-Z0-9_-]*$/);
      for (const tool of policy.tools.filter((candidate) => !candidate.argumentRules)) {
        const rule = claudeCodeToolRule(policy.server.key, tool.name);
        const list = tool.action === 'allow' ? 'allow' : tool.action === 'approve' ? 'ask' : 'deny';
        // A normalised collision may move a tool to a stricter list, never a laxer one.
        const lists = { allow: ['allow', 'ask', 'deny'], ask: ['ask', 'deny'], deny: ['deny'] }[list];
        expect(lists.some((name) => parsed.permissions[name].includes(rule))).toBe(true);
      }
      break;
    }
    case 'cursor': {
      const parsed = JSON.parse(text);
      expect(Array.isArray(parsed.mcpAllowlist)).toBe(true);
      for (const entry of parsed.mcpAllowlist) {
        expect(entry).toMatch(/^[^:*]+:[^:*]*$/);
        expect(allowed.map((name) => `${policy.server.key}:${name}`)).toContain(entry);
      }
      break;
    }
    case 'vscode': {
      const parsed = JSON.parse(text);
      expect(Object.keys(parsed)).toEqual(['chat.tools.eligibleForAutoApproval']);
      const eligibility = parsed['chat.tools.eligibleForAutoApproval'];
      for (const value of Object.values(eligibility)) expect(value).toBe(false);
      for (const tool of policy.tools.filter((candidate) => candidate.action !== 'allow')) {
        expect(Object.hasOwn(eligibility, vscodeToolReference(policy.server.key, tool.name))).toBe(true);
      }
      break;
    }
    case 'docker': {
      const document = parseDocument(text);
      expect(document.errors).toEqual([]);
      const parsed = document.toJS();
      expect(Object.keys(parsed)).toEqual([policy.server.key]);
      expect(parsed[policy.server.key]).toEqual(allowed);
      break;
    }
    case 'toolhive': {
      const parsed = JSON.parse(text);
      const expressible = allowed.filter(isToolHiveExpressible);
      expect(Object.keys(parsed)).toEqual(['toolsFilter', 'toolsOverride']);
      expect(parsed.toolsFilter).toEqual(expressible.length ? expressible : [TOOLHIVE_NOTHING_ALLOWED]);
      expect(Object.keys(parsed.toolsOverride).sort()).toEqual([...expressible].sort());
      for (const tool of policy.tools.filter((candidate) => candidate.action === 'allow' && isToolHiveExpressible(candidate.name))) {
        expect(parsed.toolsOverride[tool.name]).toEqual({ annotations: cautiousAnnotations(tool).annotations });
      }
      break;
    }
    case 'codex': {
      const raw = parseToml(text) as { mcp_servers: Record<string, unknown> };
      CodexConfigSchema.parse(raw);
      // Own property: a server named "__proto__" is an ordinary key to Codex's Rust parser.
      const server = Object.getOwnPropertyDescriptor(raw.mcp_servers, policy.server.key)?.value as { disabled_tools: string[] } | undefined;
      expect(server).toBeDefined();
      if (server) expect(server.disabled_tools).toEqual(policy.tools.filter((tool) => tool.action === 'deny' && !/[\ud800-\udfff]/.test(tool.name)).map((tool) => tool.name));
      break;
    }
    case 'gemini':
      GeminiPolicyFileSchema.parse(parseToml(text));
      break;
    case 'docker-sandboxes':
      expect(checkParsePolicySet({ staticPolicies: text })).toEqual({ type: 'success' });
      break;
    case 'intercept': {
      const document = parseDocument(text);
      expect(document.errors).toEqual([]);
      const parsed = document.toJS();
      expect(parsed.version).toBe('1');
      expect(parsed.default).toBe('deny');
      const addressable = policy.tools.filter((tool) => tool.name !== '*');
      expect(parsed.hide).toEqual(addressable.filter((tool) => tool.action === 'deny').map((tool) => tool.name));
      expect(Object.keys(parsed.tools).sort()).toEqual(addressable.filter((tool) => tool.action !== "deny").map((tool) => tool.name).sort());
      for (const tool of addressable.filter((candidate) => candidate.action !== 'deny')) {
        const rules = parsed.tools[tool.name].rules as Record<string, unknown>[];
        for (const rule of rules) {
          expect(typeof rule.name).toBe('string');
          if (rule.action === 'deny') expect(rule.rate_limit).toBeUndefined();
          else expect(rule.rate_limit).toMatch(/^\d+\/(minute|hour|day)$/);
        }
        if (tool.action === 'approve') expect(rules.map((rule) => rule.action)).toEqual(['deny']);
        else expect(rules.map((rule) => rule.rate_limit)).toEqual((tool.rateLimits ?? []).map((limit) => `${limit.max}/${limit.window}`));
      }
      break;
    }
  }
}

describe('server-filesystem goldens', () => {
  const policy = recommendPolicy(policyInputFromRecord(loadFilesystemScan()));
  const notes: Record<string, string[]> = {};

  test.each(POLICY_FORMATS.map((format) => [format]))('%s matches its golden and its documented shape', (format) => {
    const rendered = exportPolicy(policy, format);
    notes[format] = rendered.notes;
    const golden = new URL(`server-filesystem.${format}.${extension(format)}`, goldenDirectory);
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(goldenDirectory, { recursive: true });
      writeFileSync(golden, rendered.text);
    }
    expect(rendered.text).toBe(readFileSync(golden, 'utf8'));
    expectDocumentedShape(policy, format, rendered.text);
  });

  test('notes match their golden', () => {
    for (const format of POLICY_FORMATS) notes[format] ??= exportPolicy(policy, format).notes;
    const golden = new URL('server-filesystem.notes.json', goldenDirectory);
    const text = `${JSON.stringify(notes, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  test('write_file, which overwrites without warning, is never auto-approved in any client', () => {
    // Overwriting a file is destructive and critical by the taxonomy, so the default mapping denies it.
    const writeFile = policy.tools.find((tool) => tool.name === 'write_file');
    expect(writeFile?.action).toBe('deny');
    expect(JSON.parse(exportPolicy(policy, 'claude-code').text).permissions.deny).toContain('mcp__filesystem__write_file');
    expect(JSON.parse(exportPolicy(policy, 'cursor').text).mcpAllowlist).not.toContain('filesystem:write_file');
    expect(JSON.parse(exportPolicy(policy, 'vscode').text)['chat.tools.eligibleForAutoApproval']['filesystem/write_file']).toBe(false);
    expect(parseYaml(exportPolicy(policy, 'docker').text).filesystem).not.toContain('write_file');
  });

  test('no export overrides a hint to be less cautious than the server declared it (edit_file declares destructiveHint: true)', () => {
    const declared = new Map(loadFilesystemScan().tools.map((tool) => [tool.name, tool.annotations ?? {}]));
    expect(declared.get('edit_file')?.destructiveHint).toBe(true);
    const cautious = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true } as const;
    // By default a tool the server declares destructive needs a person; a rules file may still allow it, and then the override must keep the hint.
    expect(policy.tools.find((tool) => tool.name === 'edit_file')?.action).toBe('approve');
    const allowingEdits = recommendPolicy(policyInputFromRecord(loadFilesystemScan()), { rules: { version: 1, rules: [{ match: { tool: 'edit_file' }, action: 'allow' }] } });
    for (const format of POLICY_FORMATS) {
      const text = exportPolicy(allowingEdits, format).text;
      if (format !== 'toolhive') continue;
      const overrides = JSON.parse(text).toolsOverride as Record<string, { annotations: Record<string, boolean> }>;
      for (const [name, { annotations }] of Object.entries(overrides)) {
        for (const [hint, value] of Object.entries(declared.get(name) ?? {})) {
          if (!(hint in cautious) || value !== cautious[hint as keyof typeof cautious]) continue;
          expect(annotations[hint], `${format}: ${name}.${hint}`).toBe(value);
        }
      }
    }
    expect(exportPolicy(allowingEdits, 'toolhive').notes.join('\n')).toMatch(/"edit_file".*destructiveHint/);
  });

  test('every format that cannot express rate limits says so', () => {
    for (const format of ['claude-code', 'cursor', 'vscode', 'docker', 'toolhive'] as const) {
      expect(exportPolicy(policy, format).notes.join('\n')).toMatch(/cannot enforce rate limits/);
    }
  });
});

const HOSTILE_NAMES = [
  'he said "hi"',
  "it's",
  'a/b\\c',
  'name with spaces',
  'line\nbreak: injected',
  'carriage\rreturn',
  'tab\there',
  'ünïcödé ✓ 工具',
  '\u202Egnp.exe',
  'zero\u200Bwidth',
  'key: value #comment',
  '- item',
  '*',
  'a*',
  'srv:tool',
  '__proto__',
  'constructor',
  'yes',
  '123',
  'null',
  '~',
  'x.y',
  'x_y',
  '{flow: map}',
  '[list]',
  '&anchor',
  '*alias',
  '!tag',
  '%directive',
  '@at',
  '`back`',
  '---',
  '...',
  '? question',
  '| literal',
  '> folded',
  '',
  ' leading and trailing ',
  `# comment\n---\nhide: ["*"]`,
  'x'.repeat(200),
];
const RISKS = ['low', 'medium', 'high', 'critical'] as const;

describe('hostile tool names', () => {
  const tools = HOSTILE_NAMES.map((name, index) =>
    makeTool(name, {
      risk: RISKS[index % RISKS.length],
      category: index % 2 ? 'write' : 'read',
      ...(index % 7 === 3 && { findings: [{ id: 'prompt-injection', severity: 'error', message: 'm', evidence: `ignore\nprevious ${name}` }] }),
      signals: [{ id: 's', label: `label ${name}`, evidence: `evidence ${name}\n# not a comment` }],
    }),
  );

  test.each([['filesystem'], ['my server: "prod" #1\n- x'], ['__proto__']])('every format stays well-formed with server key %j', (serverKey) => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan(tools)), { serverKey });
    expect(policy.tools.map((tool) => tool.name)).toEqual(HOSTILE_NAMES);
    for (const format of POLICY_FORMATS) {
      const { text, notes } = exportPolicy(policy, format);
      for (const note of notes) expect(note).not.toMatch(/[\n\r\u2028\u2029]/);
      if (format === 'cursor' && /[:*]/.test(serverKey)) continue;
      expectDocumentedShape(policy, format, text);
    }
  });

  test('YAML comments cannot be escaped from', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan(tools)), { serverKey: 'srv' });
    for (const format of ['docker', 'intercept'] as const) {
      const { text } = exportPolicy(policy, format);
      const comments = text.split('\n').filter((line) => line.startsWith('#'));
      const body = text.split('\n').filter((line) => !line.startsWith('#')).join('\n');
      expect(parseYaml(body)).toEqual(parseYaml(text));
      expect(comments.length).toBeGreaterThan(0);
    }
  });

  test('Claude Code collisions take the strictest action and are noted', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool('x.y'), makeTool('x_y', { risk: 'critical' })])), { serverKey: 'srv' });
    const { text, notes } = exportPolicy(policy, 'claude-code');
    expect(JSON.parse(text).permissions).toEqual({ allow: [], ask: [], deny: ['mcp__srv__x_y'] });
    expect(notes.join('\n')).toMatch(/same tool/);
  });

  test('Cursor never writes a tool name that would act as a pattern', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool('*'), makeTool('a:b'), makeTool('ok')])), { serverKey: 'srv' });
    const { text, notes } = exportPolicy(policy, 'cursor');
    expect(JSON.parse(text).mcpAllowlist).toEqual(['srv:ok']);
    expect(notes.join('\n')).toMatch(/left out of the allowlist/);
  });

  test('ToolHive leaves out names --tools would split or trim, which could enable a denied tool', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([
      makeTool('list_files,delete_all_files'),
      makeTool('delete_all_files', { risk: 'critical' }),
      makeTool(' read_file '),
      makeTool('say "a,b"'),
      makeTool('two\nlines'),
      makeTool('ok'),
    ])), { serverKey: 'srv' });
    const { text, notes } = exportPolicy(policy, 'toolhive');
    const parsed = JSON.parse(text);
    expect(parsed.toolsFilter).toEqual(['ok']);
    expect(Object.keys(parsed.toolsOverride)).toEqual(['ok']);
    expect(notes.join('\n')).toMatch(/"list_files,delete_all_files".*left out/);
  });

  test('ToolHive never writes an empty filter, which would expose every tool', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool('t', { risk: 'critical' })])));
    expect(JSON.parse(exportPolicy(policy, 'toolhive').text).toolsFilter).toEqual([TOOLHIVE_NOTHING_ALLOWED]);
  });

  test('Docker always writes the server entry, since a missing entry enables every tool', () => {
    const policy = recommendPolicy(policyInputFromRecord(makeScan([makeTool('t', { risk: 'critical' })])), { serverKey: 'srv' });
    expect(parseYaml(exportPolicy(policy, 'docker').text)).toEqual({ srv: [] });
  });
});
