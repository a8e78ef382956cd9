import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { containerSpecFor } from '../../scanner/container-spec.ts';
import { pythonSpecFor } from '../../scanner/python-spec.ts';
import { DockerSandbox } from '../../scanner/sandbox-docker.ts';
import { BubblewrapSandbox } from '../../scanner/sandbox-bubblewrap.ts';
import { scanTarget } from '../../scanner/scan.ts';
import { resolveTargets } from '../../scanner/targets.ts';

const scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-launchers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('what a configuration\'s command line launches', () => {
  test.each([
    ['uvx', ['mcp-server-fetch'], { name: 'mcp-server-fetch', run: { script: 'mcp-server-fetch' }, args: [] }],
    ['uvx', ['mcp-server-git', '--repository', '/srv/repo'], { name: 'mcp-server-git', run: { script: 'mcp-server-git' }, args: ['--repository', '/srv/repo'] }],
    ['uvx', ['--from', 'mcp-server-time==0.6.2', 'mcp-server-time', '--local-timezone', 'UTC'], { name: 'mcp-server-time', version: '0.6.2', run: { script: 'mcp-server-time' }, args: ['--local-timezone', 'UTC'] }],
    ['uvx', ['--index-url', 'http://127.0.0.1:1/simple', 'notes@1.0.0'], { name: 'notes', version: '1.0.0', indexUrl: 'http://127.0.0.1:1/simple' }],
    ['/usr/local/bin/uv', ['tool', 'run', 'mcp-server-fetch'], { name: 'mcp-server-fetch' }],
    ['pipx', ['run', '--spec', 'mcp-proxy==1.0', 'mcp-proxy'], { name: 'mcp-proxy', version: '1.0', run: { script: 'mcp-proxy' } }],
    ['python', ['-m', 'mcp_server_fetch', '--ignore-robots-txt'], { name: 'mcp_server_fetch', run: { module: 'mcp_server_fetch' }, args: ['--ignore-robots-txt'] }],
    ['python3.11', ['-u', '-m', 'mcp_server_time'], { name: 'mcp_server_time', run: { module: 'mcp_server_time' } }],
  ])('%s %j is a Python package', (command, args, expected) => {
    expect(pythonSpecFor(command, args)).toMatchObject(expected);
  });

  test.each([
    ['uvx', ['git+https://github.com/x/y'], /expected a Python package name/],
    ['uvx', ['mcp-server-fetch>=1'], /expected a Python package name|exact version/],
  ])('%s %j cannot be installed, and says why', (command, args, message) => {
    expect(pythonSpecFor(command, args)).toMatchObject({ error: expect.stringMatching(message) });
  });

  test.each([
    ['python', ['server.py']],
    ['node', ['-m', 'x']],
    ['uv', ['run', 'server.py']],
  ])('%s %j is no package', (command, args) => {
    expect(pythonSpecFor(command, args)).toBeUndefined();
  });

  test('`python -m NAME` beside a local module NAME, or with a cwd, runs that command, not a PyPI package', async () => {
    const project = join(scratch, 'project');
    mkdirSync(join(project, 'my_server'), { recursive: true });
    writeFileSync(join(project, 'my_server', '__main__.py'), '');
    writeFileSync(join(project, 'other.py'), '');
    const config = join(project, '.mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: {
      local: { command: 'python3', args: ['-m', 'my_server'] },
      file: { command: 'python3', args: ['-m', 'other'] },
      project: { command: 'python3', args: ['-m', 'fetch_server'], cwd: project },
      package: { command: 'python3', args: ['-m', 'mcp_server_fetch'] },
    } }));
    const jobs = await resolveTargets(config, project);
    expect(jobs.map((job) => [job.serverName, job.launch.kind])).toEqual([['local', 'command'], ['file', 'command'], ['project', 'command'], ['package', 'pypi']]);
  });

  test('docker run: the image after the options, its arguments, and the variables handed to it', () => {
    expect(containerSpecFor('docker', ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', '--env=REGION=eu', '-v', '/srv:/srv', 'ghcr.io/github/github-mcp-server', 'stdio'])).toEqual({
      image: 'ghcr.io/github/github-mcp-server',
      args: ['stdio'],
      variables: ['GITHUB_PERSONAL_ACCESS_TOKEN', 'REGION'],
    });
    expect(containerSpecFor('docker', ['ps'])).toBeUndefined();
  });

  test('a docker entry where no engine answers: unsupported, "no container engine" with the entry\'s line, never a crash', async () => {
    const engine = await new DockerSandbox().checkAvailable();
    const config = join(scratch, '.mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { github: { command: 'docker', args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_real' } } } }));
    const [record] = await scanTarget(config, scratch, { sandbox: new BubblewrapSandbox() });
    if (engine === undefined) {
      expect(record?.sandbox.backend).toBe('docker');
      return;
    }
    expect(record?.status).toBe('unsupported');
    expect(record?.detail).toMatch(/^no container engine: `docker run -i --rm -e GITHUB_PERSONAL_ACCESS_TOKEN ghcr\.io\/github\/github-mcp-server` needs one \(/);
  }, 30_000);
});
