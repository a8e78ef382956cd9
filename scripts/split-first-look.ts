// npx tsx scripts/split-first-look.ts [FILE] [OUT] — sets a random third of a labelled file's servers aside, unread,
// for the first look (issue 20, part 6). Reads only the `server` field of each row and writes the set-aside
// server names, one a line and sorted, to OUT (default data/labelled/first-look-servers.txt).
// The draw is a seeded shuffle (mulberry32, SEED below) of the sorted server names, so it is repeatable.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { seededRandom } from './gather-labelled.ts';

/** The seed of the draw: stated so that anyone can repeat it. */
const SEED = 20261208;
const file = process.argv[2] ?? ['../shared/datasets/dev4.jsonl', '../../shared/datasets/dev4.jsonl'].find((path) => existsSync(path)) ?? '../shared/datasets/dev4.jsonl';
const out = process.argv[3] ?? 'data/labelled/first-look-servers.txt';


const servers = [...new Set((await readFile(file, 'utf8')).split('\n').filter(Boolean).map((line) => String((JSON.parse(line) as { server: unknown }).server)))].sort();
const random = seededRandom(SEED);
for (let index = servers.length - 1; index > 0; index--) {
  const other = Math.floor(random() * (index + 1));
  [servers[index], servers[other]] = [servers[other]!, servers[index]!];
}
const aside = servers.slice(0, Math.round(servers.length / 3)).sort();
await writeFile(out, `${aside.join('\n')}\n`);
console.log(`set aside ${aside.length} of ${servers.length} servers of ${file} (seed ${SEED}) in ${out}`);
