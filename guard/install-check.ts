import { spawn } from 'node:child_process';

/** The guard option that checks everything the guard would need to start, then exits without starting the server. */
export const CHECK_OPTION = '--check';

const CHECK_TIMEOUT_MS = 30_000;
const AT_ONCE = 4;

/** How one rewritten entry's guard ran with `--check`: a sentence when it did not start, else undefined. */
function checkEntry(server: string, entry: Record<string, unknown>, cwd: string): Promise<string | undefined> {
  const command = typeof entry.command === 'string' ? entry.command : '';
  const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
  const guardAt = args.indexOf('guard');
  if (!command || guardAt === -1) return Promise.resolve(`${server}: the entry has no guard command`);
  const env: Record<string, string | undefined> = { ...process.env };
  if (typeof entry.env === 'object' && entry.env !== null) for (const [name, value] of Object.entries(entry.env)) if (typeof value === 'string') env[name] = value;
  const checkArgs = [...args.slice(0, guardAt + 1), CHECK_OPTION, ...args.slice(guardAt + 1)];
  return new Promise((resolveCheck) => {
    let output = '';
    const child = spawn(command, checkArgs, { cwd: typeof entry.cwd === 'string' ? entry.cwd : cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHECK_TIMEOUT_MS);
    const collect = (chunk: Buffer) => (output = `${output}${chunk.toString()}`.slice(-2_000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolveCheck(`${server} does not start: ${command}: ${error.message}`);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolveCheck(undefined);
      const why = output.trim().split('\n').filter((line) => !line.includes('warning:')).slice(-3).join(' / ') || (signal ? `killed by ${signal}` : `exit status ${code}`);
      resolveCheck(`${server} does not start (${command} ${checkArgs.slice(0, guardAt + 2).join(' ')} …): ${why}`);
    });
  });
}

/** Runs each written entry's guard with `--check` (a few at a time); returns a sentence per entry that does not start. */
export async function checkGuardEntries(written: readonly { server: string; entry: Record<string, unknown> }[], cwd: string): Promise<string[]> {
  const failures: string[] = [];
  for (let start = 0; start < written.length; start += AT_ONCE) {
    const batch = written.slice(start, start + AT_ONCE);
    for (const failure of await Promise.all(batch.map(({ server, entry }) => checkEntry(server, entry, cwd)))) if (failure) failures.push(failure);
  }
  return failures;
}
