import type { ArgumentCondition, ArgumentConditions, ArgumentScalar } from '../../schemas/argument-conditions.ts';
import type { Policy, PolicyAction, PolicyTool } from '../../schemas/policy.ts';
import { describeConditions } from '../argument-conditions.ts';
import { withoutUnboundedAllows, type ExportOptions } from '../client-view.ts';
import { describeUnenforcedLimits, notesPerServer, policyNotes, type PolicyExport } from '../export.ts';
import { quoteName, toTerminalText } from '../../core/terminal-text.ts';

/** A Cedar string literal: `"` and `\` escaped, every control or non-ASCII character as `\u{…}`. */
export function cedarString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return `${out}"`;
}

/** A Cedar `like` pattern that matches `text` literally, then `suffix` (which may use `*`). */
const likeLiteral = (text: string, suffix = '') => `${cedarString(text).slice(0, -1).replace(/\*/g, '\\*')}${suffix}"`;

function cedarValue(value: ArgumentScalar): string | undefined {
  if (typeof value === 'string') return cedarString(value);
  if (typeof value === 'boolean') return String(value);
  // Cedar numbers are 64-bit integers; a fraction or null has no Cedar literal here.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** One argument's conditions in Cedar over `context.args`, or undefined when Cedar cannot say them (`matches`, fractions, null). */
function conditionCedar(name: string, condition: ArgumentCondition): string | undefined {
  if (condition.matches !== undefined) return undefined;
  const has = `context.args has ${cedarString(name)}`;
  const value = `context.args[${cedarString(name)}]`;
  if (condition.present === false) return `!(${has})`;
  const parts = [has];
  if (condition.under !== undefined) {
    const folder = condition.under.replace(/\/+$/, '');
    parts.push(`(${value} == ${cedarString(folder || '/')} || ${value} like ${likeLiteral(folder, '/*')})`, `!(${value} like "*/../*")`, `!(${value} like "*/..")`, `!(${value} like "*/./*")`);
  }
  if (condition.in !== undefined) {
    const values = condition.in.map(cedarValue);
    if (values.some((item) => item === undefined)) return undefined;
    parts.push(`[${values.join(', ')}].contains(${value})`);
  }
  for (const [bound, operator] of [[condition.min, '>='], [condition.max, '<=']] as const) {
    if (bound === undefined) continue;
    if (!Number.isSafeInteger(bound)) return undefined;
    parts.push(`${value} ${operator} ${bound}`);
  }
  return parts.join(' && ');
}

function conditionsCedar(when: ArgumentConditions): string | undefined {
  const parts = Object.entries(when).map(([name, condition]) => conditionCedar(name, condition));
  return parts.every((part) => part !== undefined) ? `(context has args && ${parts.join(' && ')})` : undefined;
}

/** One statement: permit, permit that asks (`@requireApproval`), or forbid, for one tool of one server. */
function statement(server: string, tool: string, action: PolicyAction, reason: string, condition?: string): string {
  const scope = `(principal, action == MCP::Action::"invokeTool", resource in MCP::Server::${cedarString(server)})`;
  const when = `when { resource.name == ${cedarString(tool)}${condition ? ` && ${condition}` : ''} };`;
  const comment = `// ${toTerminalText(reason, 160).replace(/[\r\n\u2028\u2029]/g, ' ')}`;
  if (action === 'deny') return `${comment}\nforbid ${scope}\n${when}`;
  const approval = action === 'approve' ? `@requireApproval(${cedarString(toTerminalText(reason, 200))})\n` : '';
  return `${comment}\n${approval}permit ${scope}\n${when}`;
}

/** A tool's statements: its argument rules made disjoint (rule k holds and no earlier one does), then what applies otherwise. */
function toolStatements(server: string, tool: PolicyTool, notes: string[]): string[] {
  if (tool.argumentRules) {
    const conditions = tool.argumentRules.rules.map((rule) => conditionsCedar(rule.when));
    if (conditions.every((condition) => condition !== undefined)) {
      const statements = tool.argumentRules.rules.map((rule, index) => {
        const earlier = conditions.slice(0, index).map((condition) => `!${condition}`);
        return statement(server, tool.name, rule.outcome.action, `rule ${rule.rule}: ${rule.outcome.reason}`, [conditions[index], ...earlier].join(' && '));
      });
      statements.push(statement(server, tool.name, tool.argumentRules.otherwise.action, tool.argumentRules.otherwise.reason, conditions.map((condition) => `!${condition}`).join(' && ')));
      notes.push(`${quoteName(tool.name)}: Docker's context.args holds the arguments of calls to local stdio servers only (a remote server's calls have none, so only what applies without arguments can match); "under" is matched as text with no "." or ".." segments and cannot follow symlinks; an argument of the wrong type makes Cedar skip a statement.`);
      return statements;
    }
    const rules = tool.argumentRules.rules.map((rule) => `rule ${rule.rule} (when ${describeConditions(rule.when)})`).join(', ');
    notes.push(`Cedar has no regular expressions or fractions: ${quoteName(tool.name)} is decided per call by ${rules}, so here it gets its most cautious outcome, ${tool.action}. mcp-risk guard applies the rules per call.`);
  }
  return [statement(server, tool.name, tool.action, tool.reason)];
}

/**
 * A Docker Sandboxes MCP policy (Cedar, `MCP` namespace) for one or more servers: per tool a `permit`, a `permit`
 * with `@requireApproval` (asked in the session through elicitation) or a `forbid` on `invokeTool`; argument rules
 * read `context.args`. Governed activity is denied by default, so tools the review did not see are denied. Docker
 * lists denied tools anyway (tool listing is not Cedar-gated). Cedar cannot count calls: budgeted writes ask unless
 * --allow-unbounded. Sources in docs/policy.md (docs.docker.com/ai/sandboxes/governance/reference/mcp-policy).
 */
export function exportDockerSandboxes(policies: readonly Policy[], options: ExportOptions = {}): PolicyExport {
  const statements: string[] = [];
  const notes = notesPerServer(policies, (original) => {
    const { policy, notes: asked } = withoutUnboundedAllows(original, 'Docker Sandboxes', options);
    const serverNotes = [...policyNotes(policy, policies.length > 1), ...asked];
    for (const tool of policy.tools) statements.push(...toolStatements(policy.server.key, tool, serverNotes));
    return [...serverNotes, ...describeUnenforcedLimits(policy, 'Docker Sandboxes', 'Permitted tools run without a budget; mcp-risk guard keeps budgets.', ['allow', 'approve'])];
  });
  notes.push(
    'Docker does not hide denied tools: tools/list is not Cedar-gated, so the agent still sees them and a call is refused. The older gateway file (--format docker, tools.yaml) removes them from the list but cannot ask or read arguments; use both.',
    'This is an organization policy: an administrator applies it in Docker\'s AI Governance settings; without an enforced organization policy the gateway permits all MCP activity.',
  );
  const header = ['mcp-risk recommended Docker Sandboxes MCP policy (Cedar)', ...notes].flatMap((line) => line.split(/\r\n|\r|\n|\u2028|\u2029/)).map((line) => `// ${line}`);
  return { text: `${header.join('\n')}\n\n${statements.join('\n\n')}\n`, notes };
}
