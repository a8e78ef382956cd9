import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { recommendPolicy } from '../../policy/recommend.ts';
import { ClaudeCodeHookOutputSchema } from '../../schemas/claude-code-hook.ts';
import { PolicyRulesFileSchema } from '../../schemas/policy.ts';
import { memoryIo } from '../helpers/memory-io.ts';
import { loadFilesystemScan } from '../policy/helpers.ts';

const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-hook-'));
const project = join(directory, 'project');
mkdirSync(project);
mkdirSync(join(directory, 'outside'));
symlinkSync(join(directory, 'outside'), join(project, 'escape'));
const rules = PolicyRulesFileSchema.parse({
  version: 1,
  rules: [
    { match: { tool: 'write_file' }, when: { path: { under: project } }, action: 'allow' },
    { match: { tool: 'write_file' }, action: 'deny', reason: 'agents write only inside the project' },
  ],
});
writeFileSync(join(directory, 'policy.json'), JSON.stringify(recommendPolicy(policyInputFromRecord(loadFilesystemScan()), { rules })));

/** Runs the hook as Claude Code would: the PreToolUse JSON on stdin (shape from code.claude.com/docs/en/hooks). */
async function runHook(toolName: string, toolInput: unknown, argv: string[] = []) {
  const stdin = JSON.stringify({ session_id: 's', transcript_path: '/tmp/t.jsonl', cwd: project, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: toolName, tool_input: toolInput, tool_use_id: 'toolu_1' });
  const io = memoryIo({ stdin, cwd: directory });
  expect(await main(['hook', 'claude-code', '--policy', 'policy.json', ...argv], io)).toBe(0);
  return io.out() ? ClaudeCodeHookOutputSchema.parse(JSON.parse(io.out())).hookSpecificOutput : undefined;
}

describe('mcp-risk hook claude-code', () => {
  test.each([
    ['a write inside the project', 'mcp__filesystem__write_file', { path: join(project, 'a.txt'), content: 'x' }, 'allow', /rule 1/],
    ['.. out of the project', 'mcp__filesystem__write_file', { path: join(project, '..', 'outside', 'a.txt'), content: 'x' }, 'deny', /agents write only inside the project/],
    ['a symlink out of the project', 'mcp__filesystem__write_file', { path: join(project, 'escape', 'a.txt'), content: 'x' }, 'deny', /not under/],
    ['a tool the review never saw', 'mcp__filesystem__format_disk', {}, 'deny', /not in the tool list reviewed/],
    ['an approve tool', 'mcp__filesystem__edit_file', { path: '/x' }, 'ask', /approves each call/],
    ['a budgeted write asks: the hook cannot count', 'mcp__filesystem__create_directory', { path: '/x' }, 'ask', /cannot count calls/],
    ['a read', 'mcp__filesystem__list_allowed_directories', {}, 'allow', /read/],
  ])('%s', async (_label, tool, input, decision, reason) => {
    const output = await runHook(tool, input);
    expect(output?.permissionDecision).toBe(decision);
    expect(output?.permissionDecisionReason).toMatch(reason);
  });

  test('--allow-unbounded allows a budgeted write', async () => {
    expect((await runHook('mcp__filesystem__create_directory', { path: '/x' }, ['--allow-unbounded']))?.permissionDecision).toBe('allow');
  });

  test('a tool of another server or a built-in tool gets no answer', async () => {
    expect(await runHook('mcp__github__create_issue', {})).toBeUndefined();
    expect(await runHook('Bash', { command: 'ls' })).toBeUndefined();
  });

  test('it fails closed: an unreadable policy or input is denied with the reason', async () => {
    const io = memoryIo({ stdin: 'not json', cwd: directory });
    expect(await main(['hook', 'claude-code', '--policy', 'policy.json'], io)).toBe(0);
    expect(JSON.parse(io.out()).hookSpecificOutput).toMatchObject({ permissionDecision: 'deny' });
    const missing = memoryIo({ stdin: '{}', cwd: directory });
    expect(await main(['hook', 'claude-code', '--policy', 'nope.json'], missing)).toBe(0);
    expect(JSON.parse(missing.out()).hookSpecificOutput.permissionDecisionReason).toMatch(/could not decide/);
  });

  test('bad usage exits 2', async () => {
    expect(await main(['hook', 'cursor', '--policy', 'p.json'], memoryIo())).toBe(2);
    expect(await main(['hook', 'claude-code'], memoryIo())).toBe(2);
  });
});
