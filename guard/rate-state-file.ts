import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { RateLimit } from '../schemas/policy.ts';
import { GuardStateSchema } from '../schemas/guard-audit.ts';
import { refuseOverBudget, refuseUncounted, type CallDecision } from './decide-call.ts';
import { checkBudget, countCall, pruneCounters, type RateCounters } from './rate-limit.ts';

/** One call taken from a tool's budget, or refused (spent, or the counts cannot be read or kept). */
export type BudgetTake = { ok: true; counters: RateCounters } | { ok: false; counters: RateCounters; refusal: Extract<CallDecision, { kind: 'refuse' }> };

/** Where rate-limit counters live, shared by every guard of one server (two client windows run two guards). */
export interface RateStateStore {
  load(): Promise<{ counters: RateCounters; problem?: string }>;
  /**
   * Checks a tool's budgets against the counts every guard sharing the store has made, and counts the call if it
   * fits, as one step. Returns the counters as they now stand.
   */
  take(tool: string, limits: readonly RateLimit[], now: number): BudgetTake;
  /** Resolves once everything counted is on disk. */
  flush(): Promise<void>;
}

/** How long a guard waits for another to release the lock, and when a lock is taken to be left by a dead guard. */
const LOCK_WAIT_MS = 2_000;
const STALE_LOCK_MS = 10_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * A small JSON file (mode 0600) shared by every guard of a server. Each counted call reads it, checks and counts, and
 * replaces it (temporary file, rename) under a lock file (`FILE.lock`, created exclusively), so two guards cannot
 * both spend the last call. A file that exists but cannot be read, or cannot be written, refuses calls with budgets
 * and says why: counting from zero would lift the budget.
 */
export class RateStateFile implements RateStateStore {
  constructor(private readonly path: string, private readonly server: string) {}

  async load(): Promise<{ counters: RateCounters; problem?: string }> {
    const read = this.read();
    return read.problem === undefined ? { counters: read.counters } : { counters: {}, problem: `${read.problem}; calls with a budget are refused until it is fixed` };
  }

  take(tool: string, limits: readonly RateLimit[], now: number): BudgetTake {
    let unlock: () => void;
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      unlock = this.lock();
    } catch (error) {
      return { ok: false, counters: {}, refusal: refuseUncounted(tool, `${this.path}: ${(error as Error).message}`) };
    }
    try {
      const read = this.read();
      if (read.problem !== undefined) return { ok: false, counters: {}, refusal: refuseUncounted(tool, read.problem) };
      const counters = pruneCounters(read.counters, now);
      const budget = checkBudget(counters[tool], limits, now);
      if (!budget.ok) return { ok: false, counters, refusal: refuseOverBudget(tool, budget, now) };
      counters[tool] = countCall(counters[tool], limits, now);
      try {
        this.write(counters);
      } catch (error) {
        return { ok: false, counters, refusal: refuseUncounted(tool, `cannot write ${this.path}: ${(error as Error).message}`) };
      }
      return { ok: true, counters };
    } finally {
      unlock();
    }
  }

  async flush(): Promise<void> {}

  /** The counters on disk; no file yet is no calls yet. */
  private read(): { counters: RateCounters; problem?: string } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { counters: {} };
      return { counters: {}, problem: `cannot read the state file ${this.path}: ${(error as Error).message}` };
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { counters: {}, problem: `the state file ${this.path} is not JSON (${(error as Error).message}); fix or remove it` };
    }
    const parsed = GuardStateSchema.safeParse(data);
    if (!parsed.success) return { counters: {}, problem: `the state file ${this.path} has invalid fields; fix or remove it` };
    return { counters: parsed.data.counters as RateCounters };
  }

  private write(counters: RateCounters): void {
    const temporary = join(dirname(this.path), `.${basename(this.path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ version: 1, server: this.server, counters })}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temporary, this.path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  /** Takes the lock file, waiting for another guard to release it, and breaking one a dead guard left behind. */
  private lock(): () => void {
    const lockPath = `${this.path}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const fd = openSync(lockPath, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return () => rmSync(lockPath, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      try {
        const holder = Number(readFileSync(lockPath, 'utf8'));
        if (Date.now() - statSync(lockPath).mtimeMs > STALE_LOCK_MS || (holder > 0 && !isAlive(holder))) rmSync(lockPath, { force: true });
      } catch {
        // Released meanwhile.
      }
      if (Date.now() > deadline) throw new Error(`another guard has held ${lockPath} for over ${LOCK_WAIT_MS} ms`);
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Counters that live only as long as the process (or as long as the object, shared by guards in one test). */
export class MemoryRateState implements RateStateStore {
  constructor(public counters: RateCounters = {}) {}
  async load(): Promise<{ counters: RateCounters }> {
    return { counters: structuredClone(this.counters) };
  }
  take(tool: string, limits: readonly RateLimit[], now: number): BudgetTake {
    const counters = pruneCounters(this.counters, now);
    const budget = checkBudget(counters[tool], limits, now);
    if (!budget.ok) return { ok: false, counters: structuredClone(counters), refusal: refuseOverBudget(tool, budget, now) };
    counters[tool] = countCall(counters[tool], limits, now);
    this.counters = counters;
    return { ok: true, counters: structuredClone(counters) };
  }
  async flush(): Promise<void> {}
}
