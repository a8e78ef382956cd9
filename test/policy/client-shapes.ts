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
