import { countOf } from '../core/terminal-text.ts';
import type { RateLimit, RateLimitWindow } from '../schemas/policy.ts';

/** Window lengths. Windows are calendar-aligned in UTC (a minute starts at :00), as the policy format says. */
export const WINDOW_MS: Record<RateLimitWindow, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** How many calls one tool made in the window that starts at `start`. */
export interface WindowCount {
  start: number;
  count: number;
}

/** One tool's counts, one per window its budget names. */
export type ToolCounters = Partial<Record<RateLimitWindow, WindowCount>>;

/** Every tool's counts, by tool name. */
export type RateCounters = Record<string, ToolCounters>;

/** Whether one more call fits every budget, and if not, which one is spent and when it resets. */
export type BudgetCheck = { ok: true } | { ok: false; limit: RateLimit; used: number; resetsAt: number };

/** The start of the calendar window that contains `now`. */
export function windowStartOf(window: RateLimitWindow, now: number): number {
  return Math.floor(now / WINDOW_MS[window]) * WINDOW_MS[window];
}

function usedIn(counters: ToolCounters | undefined, window: RateLimitWindow, now: number): number {
  const current = counters?.[window];
  return current && current.start === windowStartOf(window, now) ? current.count : 0;
}

/** Checks every budget of a tool; when one is spent, reports it with the time it resets. */
export function checkBudget(counters: ToolCounters | undefined, limits: readonly RateLimit[] | undefined, now: number): BudgetCheck {
  let spent: BudgetCheck = { ok: true };
  for (const limit of limits ?? []) {
    const used = usedIn(counters, limit.window, now);
    if (used < limit.max) continue;
    const resetsAt = windowStartOf(limit.window, now) + WINDOW_MS[limit.window];
    // When several budgets are spent, the caller must wait for the one that resets last.
    if (spent.ok || resetsAt > spent.resetsAt) spent = { ok: false, limit, used, resetsAt };
  }
  return spent;
}

/** Counts one call against every budget of a tool; returns new counters (the input is not changed). */
export function countCall(counters: ToolCounters | undefined, limits: readonly RateLimit[] | undefined, now: number): ToolCounters {
  const next: ToolCounters = { ...counters };
  for (const limit of limits ?? []) {
    next[limit.window] = { start: windowStartOf(limit.window, now), count: usedIn(counters, limit.window, now) + 1 };
  }
  return next;
}

/** Drops windows that have ended, so the state file stays small. */
export function pruneCounters(counters: RateCounters, now: number): RateCounters {
  const pruned: RateCounters = {};
  for (const [tool, windows] of Object.entries(counters)) {
    const live: ToolCounters = {};
    for (const [window, count] of Object.entries(windows) as [RateLimitWindow, WindowCount][]) {
      if (count.start === windowStartOf(window, now)) live[window] = count;
    }
    if (Object.keys(live).length) pruned[tool] = live;
  }
  return pruned;
}

/** "10 a minute" / "1 an hour", for messages. */
export function describeLimit(limit: RateLimit): string {
  return `${countOf(limit.max, 'call')} a${limit.window === 'hour' ? 'n' : ''} ${limit.window}`;
}
