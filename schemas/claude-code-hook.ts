import { z } from 'zod';

/**
 * What Claude Code sends a `PreToolUse` command hook on stdin (code.claude.com/docs/en/hooks, "PreToolUse input"):
 * the fields mcp-risk reads; others (session_id, transcript_path, cwd, permission_mode, tool_use_id…) are kept unread.
 */
export const ClaudeCodeHookInputSchema = z.looseObject({
  /** The event; this hook answers only `PreToolUse`. */
  hook_event_name: z.string(),
  /** The tool's name; MCP tools are `mcp__<server>__<tool>`. */
  tool_name: z.string(),
  /** The arguments Claude built for the call. */
  tool_input: z.unknown().optional(),
});
export type ClaudeCodeHookInput = z.infer<typeof ClaudeCodeHookInputSchema>;

/** The decision a `PreToolUse` hook prints on stdout (JSON, exit code 0). */
export const ClaudeCodeHookOutputSchema = z.strictObject({
  hookSpecificOutput: z.strictObject({
    /** Always `PreToolUse`. */
    hookEventName: z.literal('PreToolUse'),
    /** allow skips the prompt (deny and ask rules still apply), ask prompts the person, deny blocks the call. */
    permissionDecision: z.enum(['allow', 'ask', 'deny']),
    /** Shown to the person for ask, to Claude for deny. */
    permissionDecisionReason: z.string(),
  }),
});
export type ClaudeCodeHookOutput = z.infer<typeof ClaudeCodeHookOutputSchema>;
