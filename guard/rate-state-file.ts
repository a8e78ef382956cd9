import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { GuardStateSchema } from '../schemas/guard-audit.ts';
import type { RateCounters } from './rate-limit.ts';

/** Where rate-limit counters persist between runs of the guard. */
export interface RateStateStore {
  load(): Promise<{ counters: RateCounters; problem?: string }>;
  /** Asks for the counters to be saved; saves coalesce, so a burst of calls costs one write, not one each. */
  save(counters: RateCounters): void;
  /** Resolves once the last counters asked for are on disk. */
  flush(): Promise<void>;
}

/**
 * A small JSON file, replaced atomically on each save (temporary file, fsync, rename). At most one write is in
 * flight; counters that arrive meanwhile are written right after it, so the file trails the memory by one write.
 */
export class RateStateFile implements RateStateStore {
  private pending: RateCounters | undefined;
  private writing: Promise<void> | undefined;

  constructor(private readonly path: string, private readonly server: string) {}

  async load(): Promise<{ counters: RateCounters; problem?: string }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return { counters: {} };
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { counters: {}, problem: `the state file ${this.path} is not JSON (${(error as Error).message}); counting starts from zero` };
    }
    const parsed = GuardStateSchema.safeParse(data);
    if (!parsed.success) return { counters: {}, problem: `the state file ${this.path} has invalid fields; counting starts from zero` };
    return { counters: parsed.data.counters as RateCounters };
  }

  save(counters: RateCounters): void {
    this.pending = counters;
    if (!this.writing) this.writing = this.drain();
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      while (this.pending) {
        const counters = this.pending;
        this.pending = undefined;
        await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, server: this.server, counters })}\n`);
      }
    } catch (error) {
      process.stderr.write(`mcp-risk guard: cannot save rate-limit counters to ${this.path}: ${(error as Error).message}\n`);
    } finally {
      this.writing = undefined;
    }
  }
}

/** Counters that live only as long as the process, for tests and for --state none. */
export class MemoryRateState implements RateStateStore {
  constructor(public counters: RateCounters = {}) {}
  async load(): Promise<{ counters: RateCounters }> {
    return { counters: structuredClone(this.counters) };
  }
  save(counters: RateCounters): void {
    this.counters = structuredClone(counters);
  }
  async flush(): Promise<void> {}
}
