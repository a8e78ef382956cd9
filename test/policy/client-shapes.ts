import { z } from 'zod';

/**
 * The part of Claude Code's settings.json the export writes, as the settings reference documents it
 * (code.claude.com/docs/en/settings "permissions"; code.claude.com/docs/en/hooks "Configuration"): permission rules
 * are strings; hooks map an event to matcher groups, each with command hooks (`type`, `command`, optional `timeout`
 * in seconds). Strict: Claude Code skips a settings file with keys it does not know (anthropics/claude-code#3481).
 */
export const ClaudeCodeSettingsFragmentSchema = z.strictObject({
  permissions: z.strictObject({ allow: z.array(z.string()), ask: z.array(z.string()), deny: z.array(z.string()) }),
  hooks: z.strictObject({
    PreToolUse: z.array(z.strictObject({
      matcher: z.string().refine((matcher) => { new RegExp(matcher); return true; }),
      hooks: z.array(z.strictObject({ type: z.literal('command'), command: z.string().min(1), timeout: z.number().positive().optional() })).min(1),
    })),
  }),
});

/**
 * Codex's `[mcp_servers.NAME]` keys the export writes (developers.openai.com/codex/config-reference; openai/codex
 * `McpServerToolConfig { approval_mode }` and `AppToolApproval` auto | prompt | approve).
 */
export const CodexConfigSchema = z.strictObject({
  mcp_servers: z.record(z.string(), z.strictObject({
    enabled_tools: z.array(z.string()),
    disabled_tools: z.array(z.string()),
    tools: z.record(z.string(), z.strictObject({ approval_mode: z.enum(['auto', 'prompt', 'approve']) })).optional(),
  })),
});

/** Gemini CLI's TOML rule, as its loader validates it (google-gemini/gemini-cli packages/core/src/policy/toml-loader.ts). */
export const GeminiPolicyFileSchema = z.strictObject({
  rule: z.array(z.strictObject({
    toolName: z.union([z.string(), z.array(z.string())]).optional(),
    mcpName: z.string().optional(),
    argsPattern: z.string().optional(),
    decision: z.enum(['allow', 'deny', 'ask_user']),
    priority: z.number().int().min(0).max(999),
  })),
});

/** Gemini CLI's own ReDoS heuristic for argsPattern (packages/core/src/policy/utils.ts isSafeRegExp). */
export function isGeminiSafeRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
  } catch {
    return false;
  }
  return pattern.length <= 2048 && !/\([^)]*[*+?{].*\)[*+?{]/.test(pattern);
}

/** Gemini CLI's stable JSON of the arguments (sorted keys, no spaces), which argsPattern is matched against. */
export function geminiStableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(geminiStableJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record).sort().filter((key) => record[key] !== undefined).map((key) => `${JSON.stringify(key)}:${geminiStableJson(record[key])}`).join(',')}}`;
}
