import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { McpRiskError } from '../core/errors.ts';
import { checkJsonWith } from '../core/parse.ts';
import {
  CatalogueIndexSchema,
  ServerFileSchema,
  TargetsFileSchema,
  type CatalogueIndex,
  type ServerFile,
  type TargetsFile,
} from '../schemas/catalogue.ts';
import { removeTemporaryFiles, writeFileAtomic } from '../core/atomic-file.ts';
import { isSlug } from '../core/slug.ts';

/** A server file that exists but could not be read or parsed. */
export interface CorruptFile {
  path: string;
  reason: string;
}

function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Parses a JSON file with a schema; the error names the file and the field. */
async function readParsed<T extends z.ZodType>(path: string, schema: T): Promise<{ value: z.infer<T> } | { missing: true } | { corrupt: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { corrupt: `cannot read: ${(error as Error).message}` };
  }
  const checked = checkJsonWith(schema, text);
  return checked.ok ? { value: checked.value } : { corrupt: checked.problem };
}

/**
 * The catalogue on disk: `targets.json` (what to crawl), `servers/<slug>.json` (newest scan
 * record and history per server) and `index.json` (the summary the site reads). Every write is
 * atomic; every read is parsed with the catalogue's schemas.
 */
export class CatalogueStore {
  readonly directory: string;
  readonly serversDirectory: string;

  constructor(directory: string) {
    this.directory = directory;
    this.serversDirectory = join(directory, 'servers');
  }

  get targetsPath(): string {
    return join(this.directory, 'targets.json');
  }

  get indexPath(): string {
    return join(this.directory, 'index.json');
  }

  serverPath(slug: string): string {
    if (!isSlug(slug)) throw new McpRiskError('internal', `Expected a slug of a-z, 0-9, "-" and "_", got ${JSON.stringify(slug)}.`);
    return join(this.serversDirectory, `${slug}.json`);
  }

  /** Creates the directories and removes temporary files a killed run left behind. */
  async prepare(): Promise<void> {
    await mkdir(this.serversDirectory, { recursive: true });
    await removeTemporaryFiles(this.serversDirectory);
    await removeTemporaryFiles(this.directory);
  }

  async readTargets(path = this.targetsPath): Promise<TargetsFile | undefined> {
    const result = await readParsed(path, TargetsFileSchema);
    if ('missing' in result) return undefined;
    if ('corrupt' in result) throw new McpRiskError('input', `${path} is not a valid targets file: ${result.corrupt}.`, { hint: 'Regenerate it with `mcp-risk discover`.' });
    return result.value;
  }

  async writeTargets(file: TargetsFile, path = this.targetsPath): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await writeFileAtomic(path, serialize(TargetsFileSchema.parse(file)));
  }

  /** The stored file of one server; a corrupt one is reported, not thrown, so a crawl rescans it. */
  async readServer(slug: string): Promise<{ file?: ServerFile; corrupt?: CorruptFile }> {
    const path = this.serverPath(slug);
    const result = await readParsed(path, ServerFileSchema);
    if ('value' in result) return { file: result.value };
    if ('corrupt' in result) return { corrupt: { path, reason: result.corrupt } };
    return {};
  }

  async writeServer(file: ServerFile): Promise<void> {
    await writeFileAtomic(this.serverPath(file.slug), serialize(ServerFileSchema.parse(file)));
  }

  /** Every server file, sorted by slug, plus the ones that could not be parsed. */
  async readAllServers(): Promise<{ files: ServerFile[]; corrupt: CorruptFile[] }> {
    let names: string[];
    try {
      names = await readdir(this.serversDirectory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], corrupt: [] };
      throw error;
    }
    const slugs = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5)).filter(isSlug).sort();
    const files: ServerFile[] = [];
    const corrupt: CorruptFile[] = [];
    for (const slug of slugs) {
      const result = await this.readServer(slug);
      if (result.file) files.push(result.file);
      if (result.corrupt) corrupt.push(result.corrupt);
    }
    return { files, corrupt };
  }

  async readIndex(): Promise<CatalogueIndex | undefined> {
    const result = await readParsed(this.indexPath, CatalogueIndexSchema);
    if ('value' in result) return result.value;
    if ('corrupt' in result) throw new McpRiskError('input', `${this.indexPath} is not a valid index: ${result.corrupt}.`);
    return undefined;
  }

  async writeIndex(index: CatalogueIndex): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await writeFileAtomic(this.indexPath, serialize(CatalogueIndexSchema.parse(index)));
  }
}
