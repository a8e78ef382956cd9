import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from '../../core/atomic-file.ts';
import { McpRiskError } from '../../core/errors.ts';
import type { Io } from '../../core/io.ts';
import { countOf, toTerminalText } from '../../core/terminal-text.ts';
import { uninstallGuard } from '../../guard/config-rewrite.ts';
import { comparePins, policyFilePath, readPinnedPolicy, type PinnedPolicy } from '../../guard/install-policies.ts';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { recommendPolicy } from '../../policy/recommend.ts';
import type { ScanRecord } from '../../schemas/scan-record.ts';
import { createSandbox } from '../../scanner/create-sandbox.ts';
import type { SandboxName } from '../../scanner/sandbox.ts';
import { scanTarget } from '../../scanner/scan.ts';
import { readScanRecords } from './policy.ts';

type Entry = Record<string, unknown>;

/** What `install` pins: a policy per server whose scan listed its tools, and why each other server stays live. */
export interface PinPlan {
  pinned: Map<string, PinnedPolicy & { entry: Entry }>;
  /** Servers with a scan record that did not list their tools, by name: the sentence saying why. */
  unpinned: Map<string, string>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries the scanner reads in a configuration (`servers`, then `mcpServers` over them), as they were before the guard. */
function scannedEntries(originals: Record<string, unknown>): Map<string, Entry> {
  const lists = { ...(isObject(originals.servers) ? originals.servers : {}), ...(isObject(originals.mcpServers) ? originals.mcpServers : {}) };
  return new Map(Object.entries(lists).filter((pair): pair is [string, Entry] => isObject(pair[1])));
}

/**
 * Scans every server of the configuration as it was before the guard. When some entries already run behind the
 * guard, their original entries are scanned from a private copy beside the file (same folder, so relative paths
 * read the same), removed afterwards.
 */
export async function scanConfiguration(configPath: string, document: Record<string, unknown>, sandboxName: SandboxName, io: Io): Promise<ScanRecord[]> {
  const originals = uninstallGuard(document);
  const copy = originals.changed.length ? join(dirname(configPath), `.${basename(configPath)}.mcp-risk-scan.json`) : undefined;
  if (copy) await writeFileAtomic(copy, JSON.stringify(originals.document), 0o600);
  const sandbox = createSandbox(sandboxName);
  if (sandboxName === 'none') io.stderr.write('mcp-risk guard install: warning: --scan-sandbox none runs each server unconfined, as you, to list its tools. Only do this for servers you trust.\n');
  try {
    const unavailable = await sandbox.checkAvailable();
    if (unavailable) {
      throw new McpRiskError('io', `guard install: cannot scan the servers in the ${sandboxName} sandbox: ${unavailable}`, {
        hint: 'Pass --scans FILE from `mcp-risk scan CONFIG --format json` run elsewhere, choose another --scan-sandbox, or --live to assess at each start.',
      });
    }
    return await scanTarget(copy ?? configPath, dirname(configPath), {
      sandbox,
      onProgress: (message) => io.stderr.write(`mcp-risk guard install: scan: ${toTerminalText(message, 500)}\n`),
    });
  } finally {
    if (copy) await rm(copy, { force: true });
  }
}

/** The scan records a `--scans FILE` holds (what `mcp-risk scan CONFIG --format json` prints). */
export async function readScansFile(file: string, io: Io): Promise<ScanRecord[]> {
  return readScanRecords(file, io);
}

/** A pinned policy per server whose scan listed its whole tool list; the reason for every other scanned server. */
export async function planPins(records: readonly ScanRecord[], configPath: string, document: Record<string, unknown>): Promise<PinPlan> {
  const entries = scannedEntries(uninstallGuard(document).document);
  const plan: PinPlan = { pinned: new Map(), unpinned: new Map() };
  for (const record of records) {
    const server = record.serverName;
    const entry = server === undefined ? undefined : entries.get(server);
    if (server === undefined || entry === undefined || plan.pinned.has(server)) continue;
    if (record.status !== 'ok' || record.truncated.includes('tools')) {
      const why = record.status !== 'ok' ? `its scan ended ${record.status}: ${toTerminalText(record.detail, 200).replace(/\.$/, '')}` : 'its scan hit a cap before the end of its tool list';
      plan.unpinned.set(server, why);
      continue;
    }
    const policy = recommendPolicy(policyInputFromRecord(record), { serverKey: server });
    policy.server.target = configPath;
    const path = policyFilePath(configPath, server);
    // The exact bytes, to put back if the install fails; compared only when they hold a policy.
    const previousText = (await readPinnedPolicy(path)) === undefined ? undefined : await readFile(path, 'utf8');
    plan.pinned.set(server, { server, path, policy, entry, ...(previousText !== undefined && { previousText }) });
  }
  return plan;
}

/** The `--policy FILE` an entry gets: only when its entry is the one that was scanned. */
export function pinArguments(plan: PinPlan, server: string, entry: Entry): string[] {
  const pinned = plan.pinned.get(server);
  return pinned && isDeepStrictEqual(pinned.entry, entry) ? ['--policy', pinned.path] : [];
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, 10).map((name) => toTerminalText(name, 60));
  return list.length > 10 ? `${shown.join(', ')} and ${list.length - 10} more` : shown.join(', ');
}

/** The lines install prints about each server's pins: written or refreshed (what changed), or why it stays live. */
export function describePins(plan: PinPlan, live: readonly string[], dryRun: boolean): string[] {
  const lines: string[] = [];
  for (const { server, path, policy, previousText } of plan.pinned.values()) {
    const name = toTerminalText(server, 60);
    const verb = dryRun ? 'would pin' : 'pinned';
    if (previousText === undefined) {
      lines.push(`${verb} ${name}: ${countOf(policy.tools.length, 'tool')} reviewed in ${path}`);
      continue;
    }
    const changes = comparePins(JSON.parse(previousText), policy);
    const parts = [
      ...(changes.changed.length ? [`changed: ${names(changes.changed)}`] : []),
      ...(changes.appeared.length ? [`appeared: ${names(changes.appeared)}`] : []),
      ...(changes.vanished.length ? [`vanished: ${names(changes.vanished)}`] : []),
    ];
    lines.push(`${dryRun ? 'would refresh' : 'refreshed'} the pins of ${name} in ${path}: ${parts.length ? parts.join('; ') : `the same ${countOf(policy.tools.length, 'tool')}`}`);
  }
  for (const server of live) {
    const why = plan.unpinned.get(server) ?? 'no scan lists it (not in the scans, or in a server list the scanner does not read)';
    lines.push(`not pinned: ${toTerminalText(server, 60)}: ${why}; its guard assesses the tool list live at each start. To pin it, scan it with what it needs (credentials, a longer --start-timeout) and pass the result: mcp-risk scan CONFIG --format json > scans.json && mcp-risk guard install CONFIG --scans scans.json`);
  }
  return lines;
}
