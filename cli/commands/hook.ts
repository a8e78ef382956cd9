import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { EXIT_OK, McpRiskError } from '../../core/errors.ts';
import { parseTextWith } from '../../core/parse.ts';
import { resolveRealPath } from '../../guard/real-path.ts';
import { decideClaudeCodeHook } from '../../policy/claude-code-hook.ts';
import { ClaudeCodeHookInputSchema, type ClaudeCodeHookOutput } from '../../schemas/claude-code-hook.ts';
import { PolicySchema } from '../../schemas/policy.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { readTextInput } from '../read-input.ts';

const usage = `Usage: mcp-risk hook claude-code --policy FILE [--allow-unbounded]

A Claude Code PreToolUse hook: reads the hook's JSON on standard input and prints Claude Code's decision
(hookSpecificOutput.permissionDecision allow, ask or deny, with the reason) for a tool of a server the
policy covers, applying its argument rules (paths resolved, symlinks followed). For a tool of another
server it prints nothing, and Claude Code decides as it would without the hook. \`mcp-risk policy SCAN.json
--format claude-code\` writes the hook entry for settings.json; docs/policy.md explains it.

Options:
  --policy FILE       the mcp-risk policy (one, or an array; mcp-risk policy SCAN.json --format mcp-risk)
  --allow-unbounded   allow budgeted tools that change something without asking (the hook cannot count calls)

It fails closed: an unreadable policy or input is answered with deny and the reason. Exit code 0 always
(Claude Code reads the decision from the JSON); 2 for bad usage.
`;

function deny(reason: string): ClaudeCodeHookOutput {
  return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: `mcp-risk: ${reason}` } };
}

export const hookCommand: Command = {
  name: 'hook',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('hook', argv, { policy: { type: 'string' }, 'allow-unbounded': { type: 'boolean' } });
    if (positionals[0] !== 'claude-code' || positionals.length !== 1) {
      throw new McpRiskError('usage', `hook: expected the client "claude-code", got ${positionals.length ? positionals.map((value) => JSON.stringify(value)).join(' ') : 'none'}.`, { hint: 'Run `mcp-risk hook --help` for usage.' });
    }
    if (values.policy === undefined) throw new McpRiskError('usage', 'hook: expected --policy FILE, got none.', { hint: 'Write one with `mcp-risk policy SCAN.json --format mcp-risk`.' });
    let output: ClaudeCodeHookOutput | undefined;
    try {
      const policyText = await readFile(resolve(io.cwd, values.policy), 'utf8');
      const parsed = parseTextWith(z.union([PolicySchema, z.array(PolicySchema)]), policyText, { source: values.policy, what: 'an mcp-risk policy', hint: 'Write one with `mcp-risk policy SCAN.json --format mcp-risk`.' });
      const input = parseTextWith(ClaudeCodeHookInputSchema, await readTextInput('-', io), { source: 'standard input', what: "Claude Code's PreToolUse hook input", hint: 'Claude Code sends it; see code.claude.com/docs/en/hooks.' });
      output = decideClaudeCodeHook(Array.isArray(parsed) ? parsed : [parsed], input, resolveRealPath, { allowUnbounded: values['allow-unbounded'] === true });
    } catch (error) {
      // A hook that fails open would let every call through: answer deny, saying why.
      const reason = error instanceof Error ? error.message : String(error);
      io.stderr.write(`mcp-risk hook: ${reason}\n`);
      output = deny(`the hook could not decide (${reason.split('\n')[0]}), so the call is denied`);
    }
    if (output) io.stdout.write(`${JSON.stringify(output)}\n`);
    return EXIT_OK;
  },
};
