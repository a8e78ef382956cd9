import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { renderScanTable } from '../../cli/format-table.ts';
import { makeScan, makeTool } from '../policy/helpers.ts';
import { memoryIo } from '../helpers/memory-io.ts';
import { fixturesDirectory, nodeModulesDirectory } from '../scanner/helpers.ts';

const CONFIG = 'two-servers.mcp.json';
const readOnly = ['--read-only', nodeModulesDirectory];
const fixture = (file: string) => [...readOnly, '--', 'node', file];

async function run(argv: string[], isTTY = false) {
  const io = memoryIo({ cwd: fixturesDirectory, isTTY });
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

const scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-scan-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.concurrent('what scan says, and what to do next', () => {
  test('the table shows each tool\'s strongest signal, counts with plurals, and ends with the next step', async () => {
    const { code, stdout } = await run(['scan', '--format', 'table', ...fixture('plain.mjs')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/why \(strongest signal\)/);
    expect(stdout).toMatch(/delete_file\s+destructive\s+critical\s+name verb "delete" is destructive \(name: "delete_file"\)/);
    expect(stdout).toMatch(/^3 tools: /m);
    expect(stdout).toContain('Next: recommended rules for your client');
    expect(stdout).toContain(`mcp-risk scan --format json --read-only ${nodeModulesDirectory} -- node plain.mjs > scan.json && mcp-risk policy scan.json --format claude-code`);
  });

  test('one tool is "1 tool"', () => {
    expect(renderScanTable(makeScan([makeTool('get_thing')]))).toMatch(/^1 tool: 1 low, 0 medium/m);
  });

  test('--fail-on names the tools that reached the risk', async () => {
    const { code, stderr } = await run(['scan', '--fail-on', 'high', ...fixture('plain.mjs')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--fail-on high: 1 tool at or above high risk: plain-fixture\/delete_file \((high|critical)\)/);
  });

  test('a bare package name is bad usage (exit 2) that suggests npm:, with the prefix said once', async () => {
    const { code, stderr } = await run(['scan', '@modelcontextprotocol/server-memory']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^mcp-risk scan: expected npm:NAME/);
    expect(stderr).not.toContain('scan: scan:');
    expect(stderr).toContain('write npm:@modelcontextprotocol/server-memory');
  });

  test('SARIF results point at the server\'s line in the configuration and name server and tool', async () => {
    const { stdout } = await run(['scan', '--format', 'sarif', ...readOnly, CONFIG]);
    const results = JSON.parse(stdout).runs[0].results as { locations: { physicalLocation: { region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string; kind: string }[] }[] }[];
    const lineOf = (server: string) => results.find((result) => result.locations[0]!.logicalLocations[1]!.fullyQualifiedName === server)!.locations[0]!.physicalLocation.region.startLine;
    expect(lineOf('notes')).toBe(4);
    expect(lineOf('files')).toBe(6);
    expect(results[0]!.locations[0]!.logicalLocations.map((location) => location.kind)).toEqual(['function', 'module']);
    expect(results.map((result) => result.locations[0]!.logicalLocations[0]!.fullyQualifiedName)).toContain('files/delete_file');
  });

  test('scan CONFIG --policy claude-code prints one settings block for both servers', async () => {
    const { code, stdout, stderr } = await run(['scan', '--policy', 'claude-code', ...readOnly, CONFIG]);
    expect(code).toBe(0);
    const rules = Object.values(JSON.parse(stdout).permissions).flat() as string[];
    expect(rules).toContain('mcp__notes__delete_file');
    expect(rules).toContain('mcp__files__delete_file');
    expect(stderr).toMatch(/2 servers \(notes, files\)/);
  });

  test('scan CONFIG --policy in a one-server-per-file format without --out fails before scanning', async () => {
    const started = Date.now();
    const { code, stderr } = await run(['scan', '--policy', 'intercept', ...readOnly, CONFIG]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/intercept configures one server per file, but there are 2 servers and no --out/);
    expect(stderr).not.toMatch(/still starting|listed/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test.each(['table', 'json', 'sarif'])('a scan that listed no tools exits 3 in --format %s, and stderr names each such server with its status and next step', async (format) => {
    const config = join(scratch, `unlisted-${format}.mcp.json`);
    writeFileSync(config, JSON.stringify({ mcpServers: { nothing: {}, missing: { command: '/nonexistent/mcp-server' } } }));
    const { code, stderr } = await run(['scan', '--format', format, config]);
    expect(code).toBe(3);
    if (format === 'table') return;
    const lines = stderr.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^mcp-risk scan: nothing: unsupported — server "nothing" has neither a command nor a url\. Next: .+/));
    expect(lines).toContainEqual(expect.stringMatching(/^mcp-risk scan: missing: crashed — could not start: .+ Next: .+/));
  });

  test('a configuration whose only server is unsupported listed nothing: exit 3, so a --fail-on gate does not pass', async () => {
    const config = join(scratch, 'unsupported-only.mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { nothing: {} } }));
    expect((await run(['scan', '--format', 'table', config])).code).toBe(3);
    expect((await run(['scan', '--format', 'json', '--fail-on', 'critical', config])).code).toBe(3);
  });

  test.runIf(process.getuid?.() === 0)('as root, a server in a folder other users cannot enter fails before launch, saying what to do', async () => {
    const home = join(scratch, 'home');
    const project = join(home, 'project');
    rmSync(home, { recursive: true, force: true });
    mkdirSync(project, { recursive: true });
    copyFileSync(join(fixturesDirectory, 'plain.mjs'), join(project, 'plain.mjs'));
    symlinkSync(nodeModulesDirectory, join(project, 'node_modules'));
    chmodSync(scratch, 0o755);
    chmodSync(home, 0o700);
    const io = memoryIo({ cwd: project });
    const code = await main(['scan', ...fixture('plain.mjs')], io);
    const record = JSON.parse(io.out());
    expect(code).toBe(3);
    expect(record.status).toBe('crashed');
    expect(record.detail).toContain(`cannot reach ${project}`);
    expect(record.detail).toContain(`chmod o+rx ${home}`);
  });
});
