import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the team's labelled datasets sit beside a checkout: next to it, or next to the folder of worktrees. */
const SHARED_DATASETS = ['../shared/datasets', '../../shared/datasets'];
/** The shared labelled files, in the order they are reported. */
const SHARED_FILES = ['dev.jsonl', 'dev4.jsonl'];
/** Labelled tools kept in the project (gathered whole servers), every `*.jsonl` in it. */
const PROJECT_LABELLED = 'data/labelled';
/** The labelled sample shipped with the project: tools written for it, labelled by the taxonomy. */
export const SAMPLE_DATASET = 'examples/labelled-tools.jsonl';

/**
 * The files scored when none is named, relative to the project: the shared development files where they sit
 * beside the checkout, and every labelled file kept in the project (`data/labelled/labelled*.jsonl`; the unlabelled gather and each annotator's own labels are not scored); the shipped sample when there is neither.
 */
export function defaultDatasets(root: string): string[] {
  const shared = SHARED_DATASETS.find((folder) => existsSync(join(root, folder, SHARED_FILES[0]!)));
  const files = shared ? SHARED_FILES.map((file) => `${shared}/${file}`).filter((file) => existsSync(join(root, file))) : [];
  const kept = existsSync(join(root, PROJECT_LABELLED)) ? readdirSync(join(root, PROJECT_LABELLED)).filter((file) => file.startsWith('labelled') && file.endsWith('.jsonl')).sort().map((file) => `${PROJECT_LABELLED}/${file}`) : [];
  const all = [...files, ...kept];
  return all.length ? all : [SAMPLE_DATASET];
}

/** Server names listed one a line (blank lines and `#` comments skipped). */
export function parseServerList(text: string): Set<string> {
  return new Set(text.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')));
}
