import { z } from 'zod';

/** The longest `matches` pattern a rules file may hold. */
export const MAX_PATTERN_LENGTH = 256;
/** The most quantifiers (`*`, `+`, `?`, `{…}`) one pattern may use: each one multiplies the worst-case work. */
export const MAX_PATTERN_QUANTIFIERS = 2;
/** Values longer than this are not matched against a pattern: the condition is undecided and the call gets the cautious side. */
export const MAX_MATCHED_VALUE_LENGTH = 1024;

/**
 * Why a `matches` pattern is refused, or undefined when it is in the safe subset. JavaScript's regular expressions
 * backtrack, so a pattern such as `(a+)+$` takes exponential time on a hostile value. The subset keeps the worst
 * case polynomial and small: no quantified group that holds a quantifier or an alternation, no backreferences or
 * lookarounds, at most MAX_PATTERN_QUANTIFIERS quantifiers, and values capped at MAX_MATCHED_VALUE_LENGTH characters.
 */
export function describeUnsafePattern(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `not a valid regular expression (${(error as Error).message})`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences are not allowed (they can take exponential time)';
  if (/\(\?<?[=!]/.test(pattern)) return 'lookarounds are not allowed';
  let quantifiers = 0;
  // For each open group: whether its body holds a quantifier or an alternation so far.
  const groups: { risky: boolean }[] = [];
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '\\') {
      index++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '(') groups.push({ risky: false });
    else if (char === '|') {
      const top = groups.at(-1);
      if (top) top.risky = true;
    } else if (char === ')') {
      const group = groups.pop();
      const next = pattern[index + 1];
      if (group?.risky && (next === '*' || next === '+' || next === '?' || next === '{')) {
        return 'a repeated group may not contain a quantifier or an alternation (nested repetition can take exponential time)';
      }
      const outer = groups.at(-1);
      if (outer && group?.risky) outer.risky = true;
    } else if (char === '*' || char === '+' || char === '?' || char === '{') {
      // `*?`, `+?` and `??` are lazy forms of the quantifier before them, not new ones.
      const previous = pattern[index - 1];
      if (char === '?' && (previous === '*' || previous === '+' || previous === '?' || previous === '}')) continue;
      if (char === '{' && !/^\{\d+(,\d*)?\}/.test(pattern.slice(index))) continue;
      quantifiers++;
      for (const group of groups) group.risky = true;
    }
  }
  if (quantifiers > MAX_PATTERN_QUANTIFIERS) return `at most ${MAX_PATTERN_QUANTIFIERS} quantifiers (*, +, ?, {n,m}) are allowed, got ${quantifiers}`;
  return undefined;
}

/** A value an `in` list may hold: JSON's scalars. */
export const ArgumentScalarSchema = z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]);
export type ArgumentScalar = z.infer<typeof ArgumentScalarSchema>;

/** Conditions on one argument; all given must hold. */
export const ArgumentConditionSchema = z
  .strictObject({
    /** An absolute folder: the argument is a path inside it (or the folder itself), after `..` and symlinks are resolved. */
    under: z.string().min(1).max(4096).refine((folder) => folder.startsWith('/'), { message: 'expected an absolute folder (starting with /)' }).optional(),
    /**
     * A regular expression (JavaScript, `u` flag) the whole value must match, as if between `^(?:` and `)$`; at most
     * 256 characters and in the safe subset described in docs/policy.md.
     */
    matches: z
      .string()
      .min(1)
      .max(MAX_PATTERN_LENGTH)
      .superRefine((pattern, context) => {
        const unsafe = describeUnsafePattern(pattern);
        if (unsafe) context.addIssue({ code: 'custom', message: unsafe });
      })
      .optional(),
    /** The value is one of these (compared exactly, strings case-sensitive). */
    in: z.array(ArgumentScalarSchema).min(1).max(1000).optional(),
    /** The value is a number at least this. */
    min: z.number().optional(),
    /** The value is a number at most this. */
    max: z.number().optional(),
    /** true: the argument is given; false: it is not. */
    present: z.boolean().optional(),
  })
  .refine((condition) => Object.values(condition).some((value) => value !== undefined), { message: 'give at least one of under, matches, in, min, max, present' })
  .refine((condition) => condition.min === undefined || condition.max === undefined || condition.min <= condition.max, { message: 'min is greater than max' })
  .refine((condition) => condition.present !== false || Object.keys(condition).length === 1, { message: 'present: false cannot be combined with conditions on the value' });
export type ArgumentCondition = z.infer<typeof ArgumentConditionSchema>;

/** A rule's `when`: argument name (top level of the call's arguments) → its conditions; every argument's conditions must hold. */
export const ArgumentConditionsSchema = z
  .record(z.string().min(1).max(256), ArgumentConditionSchema)
  .refine((when) => Object.keys(when).length > 0, { message: 'give conditions on at least one argument' })
  .refine((when) => Object.keys(when).length <= 32, { message: 'at most 32 arguments per rule' });
export type ArgumentConditions = z.infer<typeof ArgumentConditionsSchema>;

/** Which rule decided a call, and on which condition: written to the guard's audit log and the hook's reason. */
export const ArgumentDecisionSchema = z.object({
  /** The rules file's rule (1-based) that decided; absent when no argument rule applied and the tool's other verdict did. */
  rule: z.number().int().positive().optional(),
  /** The condition that decided, in words: e.g. `path under /home/me/project (resolved /home/me/project/a.txt)`. */
  condition: z.string(),
});
export type ArgumentDecision = z.infer<typeof ArgumentDecisionSchema>;
