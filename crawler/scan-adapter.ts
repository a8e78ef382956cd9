// The one file that connects the crawler to the real scanner (scanner/).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { McpRiskError } from '../core/errors.ts';
import type { CrawlTarget } from '../schemas/catalogue.ts';
import type { ScanRecord } from '../schemas/scan-record.ts';
import { installNpmPackage } from '../scanner/install-npm.ts';
import { resolveLimits } from '../scanner/limits.ts';
import { failedRecord } from '../scanner/new-record.ts';
import { createSandbox } from '../scanner/create-sandbox.ts';
import type { Sandbox } from '../scanner/sandbox.ts';
import { scanTarget } from '../scanner/scan.ts';
import { createRunDirectory } from '../scanner/temporary-root.ts';
import { getParsed, type HttpOptions } from './http.ts';
import type { CrawlScanner, Resolution } from './scanner-port.ts';
import { NPM_REGISTRY_URL } from './source-npm.ts';
import { slugFor } from '../core/slug.ts';

/** The sandboxes a crawl may use: strangers' servers are never crawled unconfined. */
export const CRAWL_SANDBOXES = ['bubblewrap', 'docker'] as const;
export type CrawlSandboxName = (typeof CRAWL_SANDBOXES)[number];

/** What the adapter takes from the scanner; tests and benchmarks may pass other parts. */
export interface ScannerParts {
  scanTarget: (target: string, cwd: string, options: { sandbox: Sandbox; cacheDirectory?: string }) => Promise<ScanRecord[]>;
  /** Fills the per-name@version install cache; without it installs happen inside `scanTarget`, under the launch limit. */
  installNpmPackage?: (name: string, version: string, options: { cacheDirectory?: string }) => Promise<{ ok: true } | { ok: false; detail: string }>;
  sandbox: Sandbox;
}

/** The scanner's own parts with the chosen sandbox, checked to be able to run here. */
export async function loadScannerParts(sandboxName: CrawlSandboxName = 'bubblewrap'): Promise<ScannerParts> {
  const sandbox: Sandbox = createSandbox(sandboxName);
  const unavailable = await sandbox.checkAvailable();
  if (unavailable) throw new McpRiskError('input', `Cannot crawl: ${unavailable}`);
  return { scanTarget, installNpmPackage, sandbox };
}

const LatestManifestSchema = z.looseObject({ version: z.string().min(1) });

export interface ScanAdapterOptions {
  /** The sandbox backend (default bubblewrap). */
  sandbox?: CrawlSandboxName;
  /** The npm registry used to resolve `latest`. */
  npmRegistryUrl?: string;
  http?: HttpOptions;
  /** The scanner's install cache (its default when absent). */
  cacheDirectory?: string;
  /** Where server.json targets are written for the scanner to read (default: a new private folder per run). */
  workDirectory?: string;
  /**
   * Scan a server.json's `remotes` too. Off by default: a remote scan connects from the host, not from a
   * sandbox, so a crawl of strangers' entries reaches their URLs only when asked to.
   */
  includeRemotes?: boolean;
}

/**
 * Wraps the scanner for the crawler. Versions are resolved here against npm's `/NAME/latest`;
 * installs go through `installNpmPackage` (install limit) so the launch (launch limit) finds the
 * cache warm; server.json targets are handed over as files so the scanner sees the declared
 * environment variables; npm targets as `npm:NAME@VERSION`.
 */
export function createScanAdapter(parts: ScannerParts, options: ScanAdapterOptions = {}): CrawlScanner {
  const registry = (options.npmRegistryUrl ?? NPM_REGISTRY_URL).replace(/\/+$/, '');
  let workDirectory: Promise<string> | undefined;
  const ensureWorkDirectory = () => (workDirectory ??= options.workDirectory === undefined
    ? createRunDirectory('crawl')
    : mkdir(options.workDirectory, { recursive: true }).then(() => options.workDirectory!));
  const scanOptions = { sandbox: parts.sandbox, ...(options.cacheDirectory !== undefined && { cacheDirectory: options.cacheDirectory }) };

  /** The record of a target that failed before anything was launched. */
  const notLaunched = (target: string, detail: string): ScanRecord => failedRecord({ target, targetKind: 'npm' }, parts.sandbox.name, resolveLimits(), 'install_failed', detail);

  async function scanOne(spec: string, target: CrawlTarget): Promise<ScanRecord> {
    const records = await parts.scanTarget(spec, await ensureWorkDirectory(), scanOptions);
    const record = records.find((candidate) => candidate.package?.name === target.package?.name) ?? records[0];
    if (!record) throw new Error(`the scanner returned no record for ${spec}`);
    return record;
  }

  async function targetSpec(target: CrawlTarget, version: string): Promise<string> {
    if (target.serverJson) {
      // Pin the package to the resolved version, so what is scanned is what the plan compared.
      const serverJson = structuredClone(target.serverJson) as { packages?: { registryType?: string; identifier?: string; version?: string }[]; remotes?: unknown };
      for (const entry of serverJson.packages ?? []) {
        if (entry.registryType === 'npm' && entry.identifier === target.package?.name) entry.version = version;
      }
      if (!options.includeRemotes && serverJson.packages?.length) delete serverJson.remotes;
      // Relative to the work directory, so the record's `target` names no machine's temporary path.
      const name = `${slugFor(target.key)}.server.json`;
      await writeFile(join(await ensureWorkDirectory(), name), JSON.stringify(serverJson, null, 2));
      return name;
    }
    if (!target.package) throw new Error(`target ${target.key} has neither an npm package nor a server.json`);
    return `npm:${target.package.name}@${version}`;
  }

  return {
    async resolve(target, signal): Promise<Resolution> {
      if (!target.package) throw new Error(`target ${target.key} has no version and no npm package to resolve one from`);
      try {
        const manifest = await getParsed(`${registry}/${target.package.name.replace('/', '%2F')}/latest`, LatestManifestSchema, { retries: 2, ...options.http, signal });
        return { version: manifest.version };
      } catch (error) {
        if (signal.aborted) throw error;
        // Recorded without a launch: launches belong to the launch limit, and there is no version to launch.
        return { record: notLaunched(`npm:${target.package.name}`, `could not resolve ${target.package.name}@latest: ${error instanceof Error ? error.message : String(error)}`) };
      }
    },
    async install(target, version) {
      if (!parts.installNpmPackage || !target.package) return undefined;
      const outcome = await parts.installNpmPackage(target.package.name, version, scanOptions);
      return outcome.ok ? undefined : notLaunched(`npm:${target.package.name}@${version}`, outcome.detail);
    },
    async launch(target, version) {
      const entry = target.serverJson as { packages?: unknown[]; remotes?: unknown[] } | undefined;
      if (!options.includeRemotes && !entry?.packages?.length && entry?.remotes?.length) {
        return failedRecord({ target: target.key, targetKind: 'server-json' }, 'remote', resolveLimits(), 'unsupported', 'remote servers are scanned only with `crawl --remotes`: a remote scan connects from this machine, not from a sandbox.');
      }
      return scanOne(await targetSpec(target, version), target);
    },
  };
}

/** Loads the real scanner and wraps it; what `mcp-risk crawl` and `npm run bench:crawl` use. */
export async function createRealScanner(options: ScanAdapterOptions = {}): Promise<CrawlScanner> {
  return createScanAdapter(await loadScannerParts(options.sandbox), options);
}
