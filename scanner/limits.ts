import type { z } from 'zod';
import type { SandboxLimitsSchema } from '../schemas/scan-record.ts';

/** The limits one scan runs under; every one is recorded in the scan record and in `limitsHit` when hit. */
export type ScanLimits = z.infer<typeof SandboxLimitsSchema>;

/** Defaults sized for ordinary MCP servers: generous enough for real ones, small enough to contain hostile ones. */
export const DEFAULT_LIMITS: ScanLimits = {
  startTimeoutMs: 15_000,
  requestTimeoutMs: 10_000,
  memoryBytes: 1024 * 1024 * 1024,
  maxProcesses: 64,
  maxMessageBytes: 8 * 1024 * 1024,
  maxStdoutBytes: 32 * 1024 * 1024,
  maxPages: 50,
  maxItems: 5_000,
};

/** How much of stderr a record keeps: the first and the last this many bytes. */
export const STDERR_EXCERPT_BYTES = 1_000;

/** Fills in defaults for the limits not given. */
export function resolveLimits(overrides: Partial<ScanLimits> = {}): ScanLimits {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_LIMITS, ...defined };
}
