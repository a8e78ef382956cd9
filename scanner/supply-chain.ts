import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AdvisorySeveritySchema, type Advisories, type Provenance, type SupplyChain, type UnknownFact } from '../schemas/supply-chain.ts';
import { runCommand } from './run-command.ts';

/** Lifecycle scripts npm runs when a package is installed (the scanner's own installs disable them). */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'] as const;
/** The largest packument read: a package with thousands of versions is still a few MB. */
const MAX_PACKUMENT_BYTES = 32 * 1024 * 1024;
const MAX_ADVISORY_IDS = 100;

export interface SupplyChainOptions {
  /** The npm registry's base address (default: `npm_config_registry`, else registry.npmjs.org). */
  registry?: string;
  /** Per request and for `npm audit` (default 30 s). */
  timeoutMs?: number;
  /** When the facts are gathered. */
  now?: () => Date;
  fetch?: typeof fetch;
}

const ManifestSchema = z.looseObject({
  description: z.unknown().optional(),
  license: z.unknown().optional(),
  repository: z.unknown().optional(),
  homepage: z.unknown().optional(),
  scripts: z.record(z.string(), z.unknown()).optional(),
  dependencies: z.record(z.string(), z.unknown()).optional(),
});
const LockfileSchema = z.looseObject({ packages: z.record(z.string(), z.unknown()).optional() });
const PackumentSchema = z.looseObject({
  time: z.record(z.string(), z.unknown()).optional(),
  versions: z.record(z.string(), z.looseObject({
    dist: z.looseObject({
      signatures: z.array(z.unknown()).optional(),
      attestations: z.looseObject({ url: z.string().optional() }).optional(),
    }).optional(),
  })).optional(),
});
const AttestationsSchema = z.looseObject({
  attestations: z.array(z.looseObject({
    predicateType: z.string().optional(),
    bundle: z.looseObject({ dsseEnvelope: z.looseObject({ payload: z.string().optional() }).optional() }).optional(),
  })),
});
const SLSA_PROVENANCE = /^https:\/\/slsa\.dev\/provenance\//;
const AuditSchema = z.looseObject({
  metadata: z.looseObject({ vulnerabilities: z.record(z.string(), z.number()) }),
  vulnerabilities: z.record(z.string(), z.looseObject({ via: z.array(z.unknown()).optional() })).optional(),
});

const unknown = (why: string): UnknownFact => ({ unknown: why.slice(0, 300) });
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 2000) : null);

/** A package.json `license` as text: an SPDX string, or the old `{ type }` object form. */
function licenceOf(value: unknown): string | null {
  if (typeof value === 'string') return text(value);
  if (value && typeof value === 'object' && 'type' in value) return text((value as { type: unknown }).type);
  return null;
}

/** A package.json `repository` as an address: a string, or `{ url }`. */
function repositoryOf(value: unknown): string | null {
  if (typeof value === 'string') return text(value);
  if (value && typeof value === 'object' && 'url' in value) return text((value as { url: unknown }).url);
  return null;
}

/** What the installed package.json and lockfile say: description, licence, addresses, install scripts, dependency counts. */
async function readInstalledFacts(directory: string, name: string): Promise<Pick<SupplyChain, 'description' | 'license' | 'repository' | 'homepage' | 'installScripts' | 'dependencies'>> {
  let manifest: z.infer<typeof ManifestSchema>;
  try {
    manifest = ManifestSchema.parse(JSON.parse(await readFile(join(directory, 'node_modules', name, 'package.json'), 'utf8')));
  } catch (error) {
    const why = unknown(`its installed package.json could not be read: ${(error as Error).message}`);
    return { description: why, license: why, repository: why, homepage: why, installScripts: why, dependencies: why };
  }
  let installed: number | UnknownFact;
  try {
    const lockfile = LockfileSchema.parse(JSON.parse(await readFile(join(directory, 'package-lock.json'), 'utf8')));
    installed = Object.keys(lockfile.packages ?? {}).filter((path) => path !== '' && path !== `node_modules/${name}`).length;
  } catch (error) {
    installed = unknown(`the install's package-lock.json could not be read: ${(error as Error).message}`);
  }
  const direct = Object.keys(manifest.dependencies ?? {}).length;
  return {
    description: text(manifest.description),
    license: licenceOf(manifest.license),
    repository: repositoryOf(manifest.repository),
    homepage: text(manifest.homepage),
    installScripts: INSTALL_SCRIPTS.filter((script) => typeof manifest.scripts?.[script] === 'string'),
    dependencies: typeof installed === 'number' ? { direct, installed } : installed,
  };
}

async function fetchJson(fetcher: typeof fetch, url: string, timeoutMs: number, maxBytes: number): Promise<unknown> {
  const response = await fetcher(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > maxBytes) throw new Error(`${url} is ${length} bytes, over the ${maxBytes}-byte cap`);
  const body = await response.text();
  if (body.length > maxBytes) throw new Error(`${url} is over the ${maxBytes}-byte cap`);
  return JSON.parse(body);
}

/** The repository and workflow an SLSA provenance statement names (npm's GitHub Actions provenance). */
function provenanceSource(payload: string): { repository?: string; workflow?: string } {
  const statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { predicate?: { buildDefinition?: { externalParameters?: { workflow?: { repository?: unknown; path?: unknown } } } } };
  const workflow = statement.predicate?.buildDefinition?.externalParameters?.workflow;
  return {
    ...(typeof workflow?.repository === 'string' && { repository: workflow.repository.slice(0, 300) }),
    ...(typeof workflow?.path === 'string' && { workflow: workflow.path.slice(0, 300) }),
  };
}

/** What the registry says about one version: when it was published, its signatures and build attestation. */
async function readRegistryFacts(name: string, version: string, options: Required<Pick<SupplyChainOptions, 'registry' | 'timeoutMs'>> & { fetch: typeof fetch }): Promise<Pick<SupplyChain, 'publishedAt' | 'provenance'>> {
  const base = options.registry.endsWith('/') ? options.registry : `${options.registry}/`;
  let packument: z.infer<typeof PackumentSchema>;
  try {
    packument = PackumentSchema.parse(await fetchJson(options.fetch, `${base}${name.replace('/', '%2f')}`, options.timeoutMs, MAX_PACKUMENT_BYTES));
  } catch (error) {
    const why = unknown(`the registry did not answer for ${name}: ${(error as Error).message}`);
    return { publishedAt: why, provenance: why };
  }
  const published = packument.time?.[version];
  const dist = packument.versions?.[version]?.dist;
  if (!dist) {
    const why = unknown(`the registry lists no version ${version} of ${name}`);
    return { publishedAt: typeof published === 'string' ? published : why, provenance: why };
  }
  const provenance: Provenance = { ...(dist.signatures !== undefined && { signatures: dist.signatures.length }), attested: dist.attestations !== undefined };
  let result: Provenance | UnknownFact = provenance;
  if (dist.attestations?.url) {
    try {
      const bundle = AttestationsSchema.parse(await fetchJson(options.fetch, new URL(dist.attestations.url, base).toString(), options.timeoutMs, 4 * 1024 * 1024));
      const slsa = bundle.attestations.find((attestation) => SLSA_PROVENANCE.test(attestation.predicateType ?? ''));
      const payload = slsa?.bundle?.dsseEnvelope?.payload;
      if (payload) Object.assign(provenance, provenanceSource(payload));
    } catch (error) {
      result = unknown(`the build attestation could not be read: ${(error as Error).message}`);
    }
  }
  return { publishedAt: typeof published === 'string' ? published : unknown(`the registry gives no publication time for ${version}`), provenance: result };
}

/** The GitHub advisory id in an advisory address (`https://github.com/advisories/GHSA-…`), else the address. */
function advisoryId(url: string): string {
  return /GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}/i.exec(url)?.[0] ?? url.slice(0, 200);
}

/** Reads `npm audit --json` output: vulnerable packages per severity and the advisory ids behind them. */
export function parseAudit(stdout: string): Advisories {
  const audit = AuditSchema.parse(JSON.parse(stdout));
  const counts = Object.fromEntries(AdvisorySeveritySchema.options.map((severity) => [severity, Math.max(0, Math.trunc(audit.metadata.vulnerabilities[severity] ?? 0))])) as Advisories['counts'];
  const ids = new Set<string>();
  for (const vulnerability of Object.values(audit.vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      if (via && typeof via === 'object' && typeof (via as { url?: unknown }).url === 'string') ids.add(advisoryId((via as { url: string }).url));
    }
  }
  return { counts, ids: [...ids].sort().slice(0, MAX_ADVISORY_IDS) };
}

/** Known advisories in the install's tree: `npm audit` against its lockfile (one request for that tree). */
async function auditTree(directory: string, options: { registry: string; timeoutMs: number }): Promise<Advisories | UnknownFact> {
  const result = await runCommand('npm', ['audit', '--json', '--omit=dev', '--registry', options.registry, '--prefix', directory], { cwd: directory, timeoutMs: options.timeoutMs });
  if (result.timedOut) return unknown(`npm audit took longer than ${options.timeoutMs} ms`);
  try {
    return parseAudit(result.stdout);
  } catch {
    const line = (result.spawnError ?? result.stderr).split('\n').find((each) => each.trim()) ?? `exit code ${result.exitCode}`;
    return unknown(`npm audit gave no report: ${line.trim()}`);
  }
}

/**
 * The supply-chain facts of one installed npm package version: from its install (package.json and
 * lockfile) and the registry's answers for that one package (its packument, its attestation bundle,
 * and `npm audit` for its tree). Never throws: a fact that could not be established is `{ unknown }`.
 */
export async function gatherSupplyChain(installed: { name: string; version: string; directory: string }, options: SupplyChainOptions = {}): Promise<SupplyChain> {
  const registry = options.registry ?? process.env.npm_config_registry ?? 'https://registry.npmjs.org/';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const checkedAt = (options.now?.() ?? new Date()).toISOString();
  const [local, remote, advisories] = await Promise.all([
    readInstalledFacts(installed.directory, installed.name),
    readRegistryFacts(installed.name, installed.version, { registry, timeoutMs, fetch: options.fetch ?? fetch }),
    auditTree(installed.directory, { registry, timeoutMs }),
  ]);
  return { schemaVersion: 1, checkedAt, ...local, ...remote, advisories };
}
