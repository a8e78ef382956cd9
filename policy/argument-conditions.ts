import { posix } from 'node:path';
import { MAX_MATCHED_VALUE_LENGTH, type ArgumentCondition, type ArgumentConditions, type ArgumentDecision } from '../schemas/argument-conditions.ts';
import { ACTION_ORDER, type ArgumentOutcome, type ArgumentRules, type PolicyAction, type RateLimit } from '../schemas/policy.ts';
import { toTerminalText } from '../core/terminal-text.ts';

/**
 * Turns an absolute path into the real path it names: `..` and `.` resolved and, where the file system is at hand,
 * symlinks followed (the guard passes one that uses realpath on the longest existing prefix). Pure callers and tests
 * use resolveLexically.
 */
export type PathResolver = (absolutePath: string) => string;

/** Resolves `.` and `..` without a file system; symlinks are not followed. */
export const resolveLexically: PathResolver = (absolutePath) => {
  const normalized = posix.normalize(absolutePath);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
};

/** Whether a condition holds for a call; `unknown` when the value cannot be judged (a relative path, a wrong type, too long). */
export type Truth = 'holds' | 'fails' | 'unknown';

interface Judged {
  truth: Truth;
  /** The condition in words, with what decided it. */
  text: string;
}

const show = (value: unknown) => toTerminalText(typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value)), 80);

const compiled = new Map<string, RegExp>();
/** Patterns are compiled once; the rules file was validated, so each is in the safe subset (schemas/argument-conditions.ts). */
function compile(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, regex);
  }
  return regex;
}

/** True when `path` is `folder` or inside it; both already resolved. */
export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder === '/' ? '/' : `${folder}/`);
}

function judgeOne(name: string, condition: ArgumentCondition, present: boolean, value: unknown, resolvePath: PathResolver): Judged {
  const label = `"${toTerminalText(name, 40)}"`;
  if (condition.present !== undefined) {
    const truth: Truth = present === condition.present ? 'holds' : 'fails';
    if (truth === 'fails' || condition.present === false) return { truth, text: `${label} ${present ? 'given' : 'not given'}` };
  }
  if (!present) return { truth: 'fails', text: `${label} not given` };
  if (condition.under !== undefined) {
    const folder = resolvePath(condition.under);
    if (typeof value !== 'string' || !value.startsWith('/')) return { truth: 'unknown', text: `${label} is ${show(value)}, not an absolute path: cannot tell whether it is under ${folder}` };
    const resolved = resolvePath(value);
    if (!isInside(resolved, folder)) return { truth: 'fails', text: `${label} ${show(value)} (resolved ${toTerminalText(resolved, 80)}) not under ${folder}` };
  }
  if (condition.in !== undefined) {
    if (value !== null && typeof value === 'object') return { truth: 'unknown', text: `${label} is not a single value: cannot compare it with the list` };
    if (!condition.in.includes(value as string | number | boolean | null)) return { truth: 'fails', text: `${label} ${show(value)} not in the list` };
  }
  if (condition.min !== undefined || condition.max !== undefined) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return { truth: 'unknown', text: `${label} is ${show(value)}, not a number: cannot compare it` };
    if (condition.min !== undefined && value < condition.min) return { truth: 'fails', text: `${label} ${value} below ${condition.min}` };
    if (condition.max !== undefined && value > condition.max) return { truth: 'fails', text: `${label} ${value} above ${condition.max}` };
  }
  if (condition.matches !== undefined) {
    const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    if (text === undefined) return { truth: 'unknown', text: `${label} is not a string: cannot match /${toTerminalText(condition.matches, 60)}/` };
    if (text.length > MAX_MATCHED_VALUE_LENGTH) return { truth: 'unknown', text: `${label} is longer than ${MAX_MATCHED_VALUE_LENGTH} characters: not matched` };
    if (!compile(condition.matches).test(text)) return { truth: 'fails', text: `${label} ${show(value)} does not match /${toTerminalText(condition.matches, 60)}/` };
  }
  return { truth: 'holds', text: describeCondition(name, condition, value, resolvePath) };
}

/** One argument's conditions in words; with a value, what it resolved to. */
export function describeCondition(name: string, condition: ArgumentCondition, value?: unknown, resolvePath?: PathResolver): string {
  const parts: string[] = [];
  const label = `"${toTerminalText(name, 40)}"`;
  if (condition.present !== undefined) parts.push(`${label} ${condition.present ? 'given' : 'not given'}`);
  if (condition.under !== undefined) parts.push(`${label} under ${condition.under}${typeof value === 'string' && resolvePath ? ` (resolved ${toTerminalText(resolvePath(value), 80)})` : ''}`);
  if (condition.in !== undefined) parts.push(`${label} in [${condition.in.slice(0, 5).map(show).join(', ')}${condition.in.length > 5 ? ', …' : ''}]`);
  if (condition.min !== undefined) parts.push(`${label} ≥ ${condition.min}`);
  if (condition.max !== undefined) parts.push(`${label} ≤ ${condition.max}`);
  if (condition.matches !== undefined) parts.push(`${label} matches /${toTerminalText(condition.matches, 60)}/`);
  return parts.join(' and ');
}

/** All of a rule's conditions in words. */
export function describeConditions(when: ArgumentConditions): string {
  return Object.entries(when).map(([name, condition]) => describeCondition(name, condition)).join(' and ');
}

/** Judges a rule's `when` against a call's arguments: fails if any condition fails, else unknown if any is unknown, else holds. */
export function judgeConditions(when: ArgumentConditions, args: unknown, resolvePath: PathResolver): Judged {
  const record = args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
  const judged = Object.entries(when).map(([name, condition]) => {
    const present = Object.hasOwn(record, name) && record[name] !== undefined;
    return judgeOne(name, condition, present, present ? record[name] : undefined, resolvePath);
  });
  const failed = judged.find((item) => item.truth === 'fails');
  if (failed) return failed;
  const unknown = judged.filter((item) => item.truth === 'unknown');
  if (unknown.length) return { truth: 'unknown', text: unknown.map((item) => item.text).join('; ') };
  return { truth: 'holds', text: judged.map((item) => item.text).join(' and ') };
}

/** The tighter budget per window of several (the smaller max); a window only one of them limits is kept. */
export function tightestBudgets(budgets: readonly (readonly RateLimit[] | undefined)[]): RateLimit[] {
  const byWindow = new Map<RateLimit['window'], number>();
  for (const limits of budgets) for (const limit of limits ?? []) byWindow.set(limit.window, Math.min(limit.max, byWindow.get(limit.window) ?? Infinity));
  return [...byWindow].map(([window, max]) => ({ window, max }));
}

/** The most cautious of several outcomes: the strictest action, with the tightest budgets of the outcomes that have it. */
export function mostCautiousOutcome(outcomes: readonly ArgumentOutcome[]): ArgumentOutcome {
  const action = outcomes.reduce<PolicyAction>((strictest, outcome) => (ACTION_ORDER.indexOf(outcome.action) > ACTION_ORDER.indexOf(strictest) ? outcome.action : strictest), 'allow');
  const withAction = outcomes.filter((outcome) => outcome.action === action);
  const rateLimits = action === 'deny' ? [] : tightestBudgets(withAction.map((outcome) => outcome.rateLimits));
  return { action, ...(rateLimits.length && { rateLimits }), reason: withAction[0]!.reason };
}

/** The outcome of one call and which rule and condition decided it. */
export interface ArgumentVerdict {
  outcome: ArgumentOutcome;
  decision: ArgumentDecision;
}

/**
 * Decides one call by its arguments: rules are tried in order and the first whose conditions hold decides; when none
 * does, `otherwise`. A rule whose conditions cannot be judged (unknown) is passed over, but the call then gets the
 * most cautious of that rule's outcome and whatever decides after it: an undecidable argument never makes a call less
 * guarded than it could be. Pure: paths are resolved through `resolvePath`.
 */
export function decideByArguments(argumentRules: ArgumentRules, args: unknown, resolvePath: PathResolver = resolveLexically): ArgumentVerdict {
  const undecided: { rule: number; outcome: ArgumentOutcome; text: string }[] = [];
  const failed: string[] = [];
  for (const rule of argumentRules.rules) {
    const judged = judgeConditions(rule.when, args, resolvePath);
    if (judged.truth === 'fails') {
      failed.push(`rule ${rule.rule}: ${judged.text}`);
      continue;
    }
    if (judged.truth === 'unknown') {
      undecided.push({ rule: rule.rule, outcome: rule.outcome, text: judged.text });
      continue;
    }
    return settle(undecided, rule.outcome, { rule: rule.rule, condition: judged.text });
  }
  return settle(undecided, argumentRules.otherwise, { condition: failed.length ? `no argument rule applied (${failed.join('; ')})` : 'no argument rule applied' });
}

function settle(undecided: readonly { rule: number; outcome: ArgumentOutcome; text: string }[], decided: ArgumentOutcome, decision: ArgumentDecision): ArgumentVerdict {
  if (!undecided.length) return { outcome: decided, decision };
  const outcome = mostCautiousOutcome([decided, ...undecided.map((item) => item.outcome)]);
  if (outcome.action === decided.action) return { outcome: { ...decided, ...(outcome.rateLimits && { rateLimits: outcome.rateLimits }) }, decision };
  const cautious = undecided.find((item) => item.outcome.action === outcome.action)!;
  return { outcome, decision: { rule: cautious.rule, condition: `undecided, so the more cautious side: ${cautious.text}` } };
}
