import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { ScanRecordSchema } from '../../schemas/scan-record.ts';
import { fixturesDirectory, nodeModulesDirectory } from './helpers.ts';

const outDirectory = mkdtempSync(join(tmpdir(), 'mcp-risk-cli-'));
afterAll(() => rmSync(outDirectory, { recursive: true, force: true }));

async function run(argv: string[], isTTY = false) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: Readable.from([]),
    stdout: { write: (text: string) => (stdout += text), isTTY },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: fixturesDirectory,
  });
  return { code, stdout, stderr };
}

const fixture = (file: string, ...args: string[]) => ['--read-only', nodeModulesDirectory, '--', 'node', file, ...args];

describe.concurrent('mcp-risk scan', () => {
  test('json (piped default): one scan record on stdout', async () => {
    const { code, stdout } = await run(['scan', ...fixture('plain.mjs')]);
    expect(code).toBe(0);
    const record = ScanRecordSchema.parse(JSON.parse(stdout));
    expect(record.tools).toHaveLength(3);
  });

  test('table on a terminal, with control characters in names made visible', async () => {
    const { code, stdout } = await run(['scan', ...fixture('hostile/traversal-names.mjs')], true);
    expect(code).toBe(0);
    expect(stdout).toMatch(/4 tools: /);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toContain('\\u001b[2J');
  });

  test('sarif: a SARIF 2.1.0 document', async () => {
    const { stdout } = await run(['scan', '--format', 'sarif', ...fixture('plain.mjs')]);
    const sarif = JSON.parse(stdout) as { version: string; runs: { tool: { driver: { name: string } }; results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.tool.driver.name).toBe('mcp-risk');
  });

  test('--fail-on exits 1 when a tool reaches the risk', async () => {
    expect((await run(['scan', '--fail-on', 'low', ...fixture('plain.mjs')])).code).toBe(1);
  });

  test('a failed scan exits 3 and is still printed', async () => {
    const { code, stdout } = await run(['scan', '--start-timeout', '800', ...fixture('hostile/never-initializes.mjs')]);
    expect(code).toBe(3);
    expect(JSON.parse(stdout).status).toBe('timeout');
  });

  test('--out writes each record atomically, inside the folder whatever the names', async () => {
    const out = join(outDirectory, 'records');
    const { code, stderr } = await run(['scan', '--out', out, ...fixture('hostile/traversal-names.mjs')]);
    expect(code).toBe(0);
    const files = readdirSync(out);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.json$/);
    expect(ScanRecordSchema.parse(JSON.parse(readFileSync(join(out, files[0]!), 'utf8'))).status).toBe('ok');
    expect(stderr).toContain('wrote');
    expect(existsSync('/tmp/mcp-risk-escape')).toBe(false);
  });

  test('--out gives each record of one server.json its own file', async () => {
    const out = join(outDirectory, 'three');
    const serverJson = join(outDirectory, 'three.server.json');
    writeFileSync(serverJson, JSON.stringify({
      name: 'io.example/three',
      packages: [
        { registryType: 'pypi', identifier: 'one' },
        { registryType: 'pypi', identifier: 'two' },
        { registryType: 'oci', identifier: 'three' },
      ],
    }));
    const { stderr } = await run(['scan', '--out', out, serverJson]);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(3);
    expect(stderr.match(/wrote /g)).toHaveLength(3);
    const details = files.map((file) => ScanRecordSchema.parse(JSON.parse(readFileSync(join(out, file), 'utf8'))).detail);
    expect(new Set(details).size).toBe(3);
  });

  test('--env declares a variable the server gets as a placeholder', async () => {
    const { code, stdout } = await run(['scan', '--env', 'WEATHER_API_KEY', ...fixture('needs-env.mjs')]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).environment[0].placeholder).toBe('mcp-risk-placeholder-weather-api-key');
  });

  test('--sandbox none warns on every run', async () => {
    const { code, stderr } = await run(['scan', '--sandbox', 'none', ...fixture('plain.mjs')]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: --sandbox none/);
  });

  test('--policy prints a recommended policy instead of the record', async () => {
    const { code, stdout } = await run(['scan', '--policy', 'mcp-risk', ...fixture('plain.mjs')]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).not.toHaveProperty('schemaVersion', 1);
  });

  test.each([
    [['scan'], /expected one TARGET/],
    [['scan', '--format', 'xml', 'npm:x'], /--format to be one of/],
    [['scan', '--memory', '0', 'npm:x'], /expected --memory to be a whole number ≥ 1/],
    [['scan', '--sandbox', 'chroot', 'npm:x'], /--sandbox to be one of/],
    [['scan', 'https://example.com/mcp', '--', 'node'], /either TARGET or -- COMMAND/],
    [['scan', '--'], /expected a command after/],
  ])('usage error: %j', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
