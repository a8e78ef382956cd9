// The one file that connects the crawler to the real scanner (scanner/, issue 3). The scanner is
// loaded at run time so the crawler builds and tests without it; everything it needs is checked here.
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { McpRiskError } from '../cli/errors.ts';
import type { CrawlTarget } from '../schemas/catalogue.ts';
import type { ScanRecord } from '../schemas/scan-record.ts';
import { getParsed, type HttpOptions } from './http.ts';
import type { CrawlScanner, Resolution } from './scanner.ts';
import { NPM_REGISTRY_URL } from './source-npm.ts';
import { slugFor } from './slug.ts';

/** scanner/scan.ts `scanTarget`: a target (`npm:NAME@VERSION` or a server.json path) in, one record per server out. */
export type ScanTargetFunction = (target: string, cwd: string, options: { sandbox: unknown; cacheDirectory?: string }) => Promise<ScanRecord[]>;

/** scanner/install-npm.ts `installNpmPackage`: fills the per-name@version cache; never throws. */
export type InstallFunction = (name: string, version: string, options: { cacheDirectory?: string }) => Promise<{ ok: true } | { ok: false; detail: string }>;

/** What the adapter takes from the scanner. */
export interface ScannerParts {
  scanTarget: ScanTargetFunction;
  /** Without it, installs happen inside `scanTarget`, under the launch limit. */
  installNpmPackage?: InstallFunction;
  /** A scanner `Sandbox` (bubblewrap by default). */
  sandbox: unknown;
}

async function importExport(relativePath: string, name: string): Promise<unknown> {
  const url = new URL(relativePath, import.meta.url);
  let module: Record<string, unknown>;
  try {
    module = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    throw new McpRiskError('internal', `The scanner is not available: cannot load ${relativePath.replace('../', '')}.`, {
      hint: 'The crawler launches servers through the scanner (issue 3); see "Wiring the scanner" in docs/crawling.md.',
      cause: error,
    });
  }
  return module[name];
}

/** Loads scanTarget, installNpmPackage and the bubblewrap sandbox from scanner/, checking that the sandbox can run here. */
export async function loadScannerParts(): Promise<ScannerParts> {
  const scanTarget = await importExport('../scanner/scan.ts', 'scanTarget');
  if (typeof scanTarget !== 'function') throw new McpRiskError('internal', `Expected scanner/scan.ts to export a function scanTarget, got ${typeof scanTarget}.`);
  const installNpmPackage = await importExport('../scanner/install-npm.ts', 'installNpmPackage').catch(() => undefined);
  const Sandbox = await importExport('../scanner/sandbox-bubblewrap.ts', 'BubblewrapSandbox');
  if (typeof Sandbox !== 'function') throw new McpRiskError('internal', 'Expected scanner/sandbox-bubblewrap.ts to export the class BubblewrapSandbox.');
  const sandbox = new (Sandbox as new () => { checkAvailable(): Promise<string | undefined> })();
  const unavailable = await sandbox.checkAvailable();
  if (unavailable) throw new McpRiskError('input', `Cannot crawl: ${unavailable}`);
  return {
    scanTarget: scanTarget as ScanTargetFunction,
    ...(typeof installNpmPackage === 'function' && { installNpmPackage: installNpmPackage as InstallFunction }),
    sandbox,
  };
}

const LatestManifestSchema = z.looseObject({ version: z.string().min(1) });

export interface ScanAdapterOptions {
  /** The npm registry used to resolve `latest`. */
  npmRegistryUrl?: string;
  http?: HttpOptions;
  /** The scanner's install cache (its default when absent). */
  cacheDirectory?: string;
  /** Where server.json targets are written for the scanner to read. */
  workDirectory?: string;
}

/**
 * Wraps the scanner for the crawler. Versions are resolved here against npm's `/NAME/latest`;
 * installs go through `installNpmPackage` (install limit) so the launch (launch limit) finds the
 * cache warm; server.json targets are handed over as files so the scanner sees the declared
 * environment variables; npm targets as `npm:NAME@VERSION`.
 */
export function createScanAdapter(parts: ScannerParts, options: ScanAdapterOptions = {}): CrawlScanner {
  const registry = (options.npmRegistryUrl ?? NPM_REGISTRY_URL).replace(/\/+$/, '');
  const workDirectory = options.workDirectory ?? join(tmpdir(), 'mcp-risk-crawl');
  const scanOptions = { sandbox: parts.sandbox, ...(options.cacheDirectory !== undefined && { cacheDirectory: options.cacheDirectory }) };

  async function scanOne(spec: string, target: CrawlTarget): Promise<ScanRecord> {
    const records = await parts.scanTarget(spec, workDirectory, scanOptions);
    const record = records.find((candidate) => candidate.package?.name === target.package?.name) ?? records[0];
    if (!record) throw new Error(`the scanner returned no record for ${spec}`);
    return record;
  }

  async function targetSpec(target: CrawlTarget, version: string): Promise<string> {
    if (target.serverJson) {
      // Pin the package to the resolved version, so what is scanned is what the plan compared.
      const serverJson = structuredClone(target.serverJson) as { packages?: { registryType?: string; identifier?: string; version?: string }[] };
      for (const entry of serverJson.packages ?? []) {
        if (entry.registryType === 'npm' && entry.identifier === target.package?.name) entry.version = version;
      }
      const path = join(workDirectory, `${slugFor(target.key)}.server.json`);
      await writeFile(path, JSON.stringify(serverJson, null, 2));
      return path;
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
        // Let the scanner record the failure in its own words (install_failed with npm's message).
        await mkdir(workDirectory, { recursive: true });
        return { record: await scanOne(`npm:${target.package.name}`, target) };
      }
    },
    async install(target, version) {
      if (!parts.installNpmPackage || !target.package) return undefined;
      const outcome = await parts.installNpmPackage(target.package.name, version, scanOptions);
      // A failed install is recorded by the scanner itself when the launch retries it.
      return outcome.ok ? undefined : scanOne(`npm:${target.package.name}@${version}`, target);
    },
    async launch(target, version) {
      await mkdir(workDirectory, { recursive: true });
      return scanOne(await targetSpec(target, version), target);
    },
  };
}

/** Loads the real scanner and wraps it; what `mcp-risk crawl` and `npm run bench:crawl` use. */
export async function createRealScanner(options: ScanAdapterOptions = {}): Promise<CrawlScanner> {
  return createScanAdapter(await loadScannerParts(), options);
}
