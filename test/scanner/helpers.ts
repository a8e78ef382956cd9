import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScanRecord } from '../../schemas/scan-record.ts';
import type { ScanLimits } from '../../scanner/limits.ts';
import { BubblewrapSandbox } from '../../scanner/sandbox-bubblewrap.ts';
import type { Sandbox } from '../../scanner/sandbox.ts';
import { scanTarget } from '../../scanner/scan.ts';
import type { DeclaredVariable } from '../../scanner/environment.ts';

/** The fixture servers' folder: scans of fixtures run with it as their (read-only) current directory. */
export const fixturesDirectory = fileURLToPath(new URL('../fixtures/servers/', import.meta.url)).replace(/\/$/, '');
/** Fixtures import the SDK, so the project's node_modules is visible to them read-only. */
export const nodeModulesDirectory = fileURLToPath(new URL('../../node_modules', import.meta.url));

/** Limits small enough that hostile fixtures are stopped quickly. */
export const testLimits: Partial<ScanLimits> = { startTimeoutMs: 4_000, requestTimeoutMs: 2_000, memoryBytes: 256 * 1024 * 1024, maxStdoutBytes: 2 * 1024 * 1024 };

/** Scans `node FILE ARGS…` from the fixtures folder, in bubblewrap unless told otherwise. */
export async function scanFixture(
  file: string,
  args: string[] = [],
  options: { limits?: Partial<ScanLimits>; sandbox?: Sandbox; declared?: DeclaredVariable[]; onProgress?: (message: string) => void; slowStartMs?: number; credentialRetries?: number } = {},
): Promise<ScanRecord> {
  const records = await scanTarget({ command: ['node', file, ...args], ...(options.declared && { declared: options.declared }) }, fixturesDirectory, {
    sandbox: options.sandbox ?? new BubblewrapSandbox(),
    limits: { ...testLimits, ...options.limits },
    readOnlyPaths: [nodeModulesDirectory],
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(options.slowStartMs !== undefined && { slowStartMs: options.slowStartMs }),
    ...(options.credentialRetries !== undefined && { credentialRetries: options.credentialRetries }),
  });
  return records[0]!;
}

/** A string unique to one test, put on every process a fixture starts so leftovers can be found. */
export function newMarker(name: string): string {
  return `mcp-risk-marker-${name}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Host processes whose command line contains the marker. */
export function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes(marker)) found.push(Number(entry));
    } catch {
      // exited
    }
  }
  return found;
}

/** Waits until no process carries the marker (a killed namespace takes a moment to empty); returns what remains. */
export async function waitForNoProcesses(marker: string, timeoutMs = 3_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = processesWithMarker(marker);
    if (!remaining.length || Date.now() > deadline) return remaining;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
