import { isAuthorized, checkParsePolicySet, policySetTextToParts } from '@cedar-policy/cedar-wasm/nodejs';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, test } from 'vitest';
import { recommendPolicy } from '../../policy/recommend.ts';
import { exportPolicy } from '../../policy/render.ts';
import { PolicyRulesFileSchema, type Policy } from '../../schemas/policy.ts';
import { CodexConfigSchema, GeminiPolicyFileSchema, geminiStableJson, isGeminiSafeRegExp } from './client-shapes.ts';
import { loadFilesystemScan } from './helpers.ts';

const rules = PolicyRulesFileSchema.parse({
  version: 1,
  rules: [
    { match: { tool: 'write_file' }, when: { path: { under: '/home/me/project' } }, action: 'allow' },
    { match: { tool: 'write_file' }, action: 'deny', reason: 'agents write only inside the project' },
    { match: { tool: 'move_file' }, when: { source: { matches: '/tmp/[a-z]+' } }, action: 'allow' },
    { match: { tool: 'edit_file' }, when: { dryRun: { in: [true] } }, action: 'allow' },
  ],
});
const policy: Policy = recommendPolicy(policyInputFromRecord(loadFilesystemScan()), { rules });
const plain: Policy = recommendPolicy(policyInputFromRecord(loadFilesystemScan()));

/** Gemini CLI's decision for one call: the highest-priority matching rule (docs: "Rule matching"). */
function geminiDecision(text: string, server: string, tool: string, args: unknown): string | undefined {
  const file = GeminiPolicyFileSchema.parse(parseToml(text));
  const json = geminiStableJson(args);
  const matching = file.rule
    .filter((rule) => rule.mcpName === server && (rule.toolName === tool || rule.toolName === '*'))
    .filter((rule) => rule.argsPattern === undefined || new RegExp(rule.argsPattern).test(json))
    .sort((a, b) => b.priority - a.priority);
  return matching[0]?.decision;
}

/** Docker Sandboxes' decision for one tool call, by Cedar itself, with the approval annotation of the permit that decided. */
function cedarDecision(text: string, server: string, tool: string, args: Record<string, unknown> | undefined): string {
  const parts = policySetTextToParts(text);
  if (parts.type !== 'success') throw new Error('unparsable');
  const statements = Object.fromEntries(parts.policies.map((policyText, index) => [`p${index}`, policyText]));
  const answer = isAuthorized({
    principal: { type: 'MCP::User', id: 'me' },
    action: { type: 'MCP::Action', id: 'invokeTool' },
    resource: { type: 'MCP::Tool', id: `${server}/${tool}` },
    context: args === undefined ? {} : { args: args as never },
    policies: { staticPolicies: statements },
    entities: [
      { uid: { type: 'MCP::Tool', id: `${server}/${tool}` }, attrs: { name: tool }, parents: [{ type: 'MCP::Server', id: server }] },
      { uid: { type: 'MCP::Server', id: server }, attrs: {}, parents: [] },
    ],
  });
  if (answer.type !== 'success') throw new Error(JSON.stringify(answer.errors));
  if (answer.response.decision === 'deny') return 'deny';
  // An approval-required outcome takes precedence over a plain permit (Docker's MCP policy reference).
  return answer.response.diagnostics.reason.some((id) => statements[id]?.startsWith('@requireApproval')) ? 'ask' : 'allow';
}

describe('codex', () => {
  test('parses as TOML into the keys Codex reads', () => {
    const config = CodexConfigSchema.parse(parseToml(exportPolicy(plain, 'codex').text));
    const server = config.mcp_servers.filesystem!;
    expect(server.disabled_tools).toEqual(['write_file']);
    expect(server.tools?.read_text_file?.approval_mode).toBe('approve');
    expect(server.tools?.edit_file?.approval_mode).toBe('prompt');
    // A budgeted write asks: Codex cannot count calls.
    expect(server.tools?.create_directory?.approval_mode).toBe('prompt');
    expect(CodexConfigSchema.parse(parseToml(exportPolicy(plain, 'codex', { allowUnbounded: true }).text)).mcp_servers.filesystem?.tools?.create_directory?.approval_mode).toBe('approve');
  });

  test('argument rules it cannot express are named in the notes, and the tool gets its most cautious outcome', () => {
    const { text, notes } = exportPolicy(policy, 'codex');
    expect(CodexConfigSchema.parse(parseToml(text)).mcp_servers.filesystem?.disabled_tools).toContain('write_file');
    expect(notes.join('\n')).toMatch(/Codex cannot look at a call's arguments: "write_file" is decided per call by rule 1/);
  });
});

describe('gemini', () => {
  const { text, notes } = exportPolicy(policy, 'gemini');
  test('parses as TOML into rules Gemini CLI accepts, every argsPattern passing its own safety check', () => {
    const file = GeminiPolicyFileSchema.parse(parseToml(text));
    for (const rule of file.rule) if (rule.argsPattern) expect(isGeminiSafeRegExp(rule.argsPattern), rule.argsPattern).toBe(true);
    expect(file.rule.at(-1)).toEqual({ mcpName: 'filesystem', toolName: '*', decision: 'deny', priority: 1 });
  });

  test.each([
    [{ path: '/home/me/project/a.txt', content: 'x' }, 'allow'],
    [{ path: '/home/me/project', content: 'x' }, 'allow'],
    [{ path: '/home/me/project/../secret', content: 'x' }, 'deny'],
    [{ path: '/home/me/project-evil/a', content: 'x' }, 'deny'],
    [{ content: { path: '/home/me/project/a' }, path: '/etc/passwd' }, 'deny'],
    [{ path: '/etc/passwd' }, 'deny'],
  ])('write_file %j → %s, as Gemini CLI would match it', (args, decision) => {
    expect(geminiDecision(text, 'filesystem', 'write_file', args)).toBe(decision);
  });

  test('in becomes an argsPattern; matches cannot, and the note says so', () => {
    expect(geminiDecision(text, 'filesystem', 'edit_file', { dryRun: true, path: '/a' })).toBe('allow');
    expect(geminiDecision(text, 'filesystem', 'edit_file', { dryRun: false, path: '/a' })).toBe('ask_user');
    expect(notes.join('\n')).toMatch(/cannot express matches, min or max; "move_file"/);
    expect(geminiDecision(text, 'filesystem', 'never_reviewed', {})).toBe('deny');
  });
});

describe('docker-sandboxes', () => {
  const { text, notes } = exportPolicy(policy, 'docker-sandboxes');
  test('parses with Cedar itself', () => {
    expect(checkParsePolicySet({ staticPolicies: text })).toEqual({ type: 'success' });
    expect(checkParsePolicySet({ staticPolicies: exportPolicy(plain, 'docker-sandboxes').text })).toEqual({ type: 'success' });
  });

  test.each([
    [{ path: '/home/me/project/a.txt' }, 'allow'],
    [{ path: '/home/me/project/../secret' }, 'deny'],
    [{ path: '/home/me/project-evil/a' }, 'deny'],
    [{}, 'deny'],
    [undefined, 'deny'],
  ])('write_file %j → %s, decided by Cedar', (args, decision) => {
    expect(cedarDecision(text, 'filesystem', 'write_file', args)).toBe(decision);
  });

  test('approve asks through @requireApproval, tools not reviewed are denied by default, and the notes say Docker lists denied tools', () => {
    expect(cedarDecision(text, 'filesystem', 'edit_file', { dryRun: true })).toBe('allow');
    expect(cedarDecision(text, 'filesystem', 'edit_file', { dryRun: false })).toBe('ask');
    expect(cedarDecision(text, 'filesystem', 'read_text_file', { path: '/x' })).toBe('allow');
    expect(cedarDecision(text, 'filesystem', 'never_reviewed', {})).toBe('deny');
    expect(notes.join('\n')).toMatch(/Docker does not hide denied tools/);
    expect(notes.join('\n')).toMatch(/Cedar has no regular expressions.*"move_file"/);
  });
});
