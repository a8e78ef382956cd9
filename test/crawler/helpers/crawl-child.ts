// A crawl in its own process, for the SIGKILL test: `node --import tsx crawl-child.ts DATA_DIR LAUNCH_LOG`.
import { appendFileSync } from 'node:fs';
import { runCrawl } from '../../../cli/commands/crawl.ts';
import { createFixtureScanner } from './fixture-scanner.ts';

const [dataDirectory, launchLog] = process.argv.slice(2);
if (!dataDirectory || !launchLog) throw new Error('usage: crawl-child.ts DATA_DIR LAUNCH_LOG');
const { scanner } = createFixtureScanner({
  launchMs: Number(process.env.LAUNCH_MS ?? 30),
  onLaunch: (target) => appendFileSync(launchLog, `${target.key}\n`),
});
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
process.exitCode = await runCrawl(['--data', dataDirectory, '--progress', 'plain', '--launch-concurrency', '3'], io, scanner);
