import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { memoryIo } from '../helpers/memory-io.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-review-'));
// The fixture imports the MCP SDK from this repository's node_modules, which a sandbox does not show it: no sandbox.
const servers = directory;
const server = fileURLToPath(new URL('../fixtures/servers/guard-tools.mjs', import.meta.url));
const config = join(directory, '.mcp.json');
const suppressions = join(directory, '.mcp-risk.yaml');
writeFileSync(config, JSON.stringify({ mcpServers: { notes: { command: 'node', args: [server] } } }));

interface Step { id?: string; run?: string; env?: Record<string, string> }
const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as { runs: { using: string; steps: Step[] } };
const scanStep = action.runs.steps.find((step) => step.id === 'scan')!;

/** Runs the action's scan step as the runner would: its script under bash, its inputs as environment variables. */
function runScanStep(inputs: { baseline?: string; failOn?: string }): { exitCode: number; sarif: { runs: { results: Record<string, unknown>[] }[] } } {
  const output = join(directory, 'github-output');
  writeFileSync(output, '');
  const result = spawnSync('bash', ['-c', scanStep.run!], {
    cwd: servers,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTION_PATH: root, GITHUB_OUTPUT: output,
      MCP_RISK_CONFIG: config, MCP_RISK_FAIL_ON: inputs.failOn ?? 'critical', MCP_RISK_BASELINE: inputs.baseline ?? '',
      MCP_RISK_SUPPRESSIONS: '', MCP_RISK_SANDBOX: 'none', MCP_RISK_SARIF_FILE: join(directory, 'mcp-risk.sarif'),
    },
  });
  expect(result.status, result.stderr).toBe(0);
  const exitCode = Number(/exit-code=(\d+)/.exec(readFileSync(output, 'utf8'))?.[1]);
  return { exitCode, sarif: JSON.parse(readFileSync(join(directory, 'mcp-risk.sarif'), 'utf8')) };
}

describe('review in CI', () => {
  beforeAll(async () => {
    const io = memoryIo({ cwd: servers });
    expect(await main(['scan', config, '--sandbox', 'none', '--format', 'json'], io)).toBe(0);
    writeFileSync(join(directory, 'baseline.json'), io.out());
  }, 60_000);

  test('action.yml is a composite action whose scan step passes inputs through the environment', () => {
    expect(action.runs.using).toBe('composite');
    expect(scanStep.run).not.toMatch(/\$\{\{/);
    expect(Object.values(scanStep.env ?? {}).join(' ')).toMatch(/inputs\.config/);
    expect(execFileSync('bash', ['-n', '-c', scanStep.run!]).toString()).toBe('');
  });

  test('the action\'s scan step fails on the threshold, and passes against a baseline with every result unchanged', () => {
    const first = runScanStep({});
    expect(first.exitCode).toBe(1);
    expect(first.sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(first.sarif.runs[0]!.results.every((result) => result.baselineState === undefined)).toBe(true);
    const reviewed = runScanStep({ baseline: join(directory, 'baseline.json') });
    expect(reviewed.exitCode).toBe(0);
    expect(reviewed.sarif.runs[0]!.results.every((result) => result.baselineState === 'unchanged')).toBe(true);
  }, 60_000);

  test('a tool changed since the baseline fails again and is marked new', async () => {
    const changed = JSON.parse(readFileSync(join(directory, 'baseline.json'), 'utf8'));
    for (const record of changed) for (const tool of record.tools) if (tool.name === 'delete_all_notes') tool.pin = '0'.repeat(64);
    writeFileSync(join(directory, 'old-baseline.json'), JSON.stringify(changed));
    const io = memoryIo({ cwd: servers });
    expect(await main(['scan', config, '--sandbox', 'none', '--format', 'sarif', '--fail-on', 'critical', '--baseline', join(directory, 'old-baseline.json')], io)).toBe(1);
    const results = JSON.parse(io.out()).runs[0].results as { baselineState: string; message: { text: string } }[];
    expect(results.filter((result) => result.baselineState === 'new').map((result) => result.message.text).join('\n')).toMatch(/delete_all_notes/);
    expect(io.err()).toMatch(/delete_all_notes/);
  }, 60_000);

  test('.mcp-risk.yaml silences a reviewed verdict; an expired entry fails before scanning', async () => {
    writeFileSync(suppressions, 'ignore:\n  - tool: delete_all_notes\n    verdict: critical\n    reason: the notes are a scratch pad\n    expires: 2999-01-01\n');
    const io = memoryIo({ cwd: servers });
    expect(await main(['scan', config, '--sandbox', 'none', '--format', 'sarif', '--fail-on', 'critical', '--suppressions', suppressions], io)).toBe(0);
    const suppressed = (JSON.parse(io.out()).runs[0].results as { suppressions?: { justification: string }[] }[]).filter((result) => result.suppressions);
    expect(suppressed.map((result) => result.suppressions![0]!.justification)).toContain('the notes are a scratch pad');
    writeFileSync(suppressions, 'ignore:\n  - tool: delete_all_notes\n    verdict: critical\n    reason: reviewed once\n    expires: 2020-01-01\n');
    const expired = memoryIo({ cwd: servers });
    expect(await main(['scan', config, '--sandbox', 'none', '--fail-on', 'critical', '--suppressions', suppressions], expired)).toBe(3);
    expect(expired.err()).toMatch(/expired.*delete_all_notes/);
  }, 60_000);
});
