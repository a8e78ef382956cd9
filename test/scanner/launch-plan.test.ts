// Servers that only start with what their failure asks for: a key's prefix, a file, a daemon, a Redis, a newer Node.
// Each runs in the real bubblewrap sandbox, where the stubs share its network namespace and nothing else is reachable.
import { describe, expect, test } from 'vitest';
import { NoSandbox } from '../../scanner/sandbox-none.ts';
import { scanFixture } from './helpers.ts';

describe('relaunching with what the failure asked for', () => {
  test('a key whose prefix the refusal names gets a placeholder with that prefix, and every attempt is recorded', async () => {
    const record = await scanFixture('needs-env.mjs', ['--check-format']);
    expect(record.status).toBe('ok');
    expect(record.environment).toEqual([{ name: 'WEATHER_API_KEY', placeholder: 'wk_mcpRiskPlaceholder0000000000000000000', isSecret: true, isRequired: true, requested: true }]);
    expect(record.ranWith?.placeholders).toEqual([{ name: 'WEATHER_API_KEY', kind: 'prefixed' }]);
    expect(record.ranWith?.attempts.map((attempt) => [attempt.status, attempt.changes])).toEqual([
      ['needs_credentials', []],
      ['needs_credentials', ['placeholder WEATHER_API_KEY (generic)']],
      ['ok', ['WEATHER_API_KEY reshaped to the prefix wk_ the server named']],
    ]);
  });

  test('a server that needs a Docker daemon lists its tools against the stub daemon, and its image removal is destructive', async () => {
    const record = await scanFixture('needs-docker.mjs');
    expect(record.status).toBe('ok');
    expect(record.ranWith?.stubs).toEqual([{ service: 'docker', listen: '/var/run/docker.sock' }]);
    expect(record.stderrExcerpt).toContain('connected to Docker 24.0.0-mcp-risk-stub');
    const removal = record.tools.find((tool) => tool.name === 'docker_remove_image');
    expect([removal?.assessment.category, removal?.assessment.risk]).toEqual(['destructive', 'critical']);
  });

  test('a declared DOCKER_HOST starts the stub daemon on the first launch', async () => {
    const record = await scanFixture('needs-docker.mjs', [], { declared: [{ name: 'DOCKER_HOST', isSecret: false, isRequired: true }] });
    expect(record.status).toBe('ok');
    expect(record.ranWith?.attempts).toHaveLength(1);
    expect(record.environment[0]?.placeholder).toBe('unix:///var/run/docker.sock');
    expect(record.ranWith?.placeholders).toEqual([{ name: 'DOCKER_HOST', kind: 'socket' }]);
  });

  test('a server that needs Redis at localhost gets an /etc/hosts and a stub answering PING', async () => {
    const record = await scanFixture('needs-redis.mjs');
    expect(record.status).toBe('ok');
    expect(record.ranWith?.stubs).toEqual([{ service: 'redis', listen: '6379' }]);
    expect(record.ranWith?.attempts[0]?.detail).toMatch(/EAI_AGAIN localhost|ENOTFOUND localhost/);
  });

  test('a server that looks for a credentials file in its home gets a placeholder one where it looked', async () => {
    const record = await scanFixture('needs-key-file.mjs');
    expect(record.status).toBe('ok');
    expect(record.ranWith?.files).toEqual([{ path: '/home/sandbox/.fixture-mcp/fixture-oauth.keys.json' }]);
  });

  test('stubs never run outside a sandbox that has its own network namespace', async () => {
    // Pointed at a socket that cannot exist, so a Docker daemon on the host never answers this unsandboxed run.
    const record = await scanFixture('needs-docker.mjs', [], { sandbox: new NoSandbox(), credentialRetries: 1, declared: [{ name: 'DOCKER_HOST', isSecret: false, isRequired: true, value: 'unix:///nonexistent/mcp-risk/docker.sock' }] });
    expect(record.status).toBe('crashed');
    expect(record.ranWith?.stubs).toEqual([]);
    expect(record.ranWith?.attempts).toHaveLength(1);
  });

  test('a server that needs a built-in of a newer Node is relaunched on Node 22 from the npm registry, and the record says so', async () => {
    const record = await scanFixture('needs-node22.mjs', [], { limits: { startTimeoutMs: 15_000 } });
    expect(record.status).toBe('ok');
    expect(record.server?.version).toMatch(/^v22\./);
    expect(record.ranWith?.node).toMatchObject({ source: 'npm-registry', version: expect.stringMatching(/^v22\./) });
    expect(record.ranWith?.attempts[0]?.detail).toMatch(/node:sqlite/);
  }, 600_000);
});
