import { describe, expect, test } from 'vitest';
import { ScanRecordSchema } from '../../schemas/scan-record.ts';
import { NoSandbox } from '../../scanner/sandbox-none.ts';
import { scanTarget } from '../../scanner/scan.ts';
import { BubblewrapSandbox } from '../../scanner/sandbox-bubblewrap.ts';
// @ts-expect-error: a plain JavaScript fixture
import { startRemoteFixture } from '../fixtures/servers/remote-http.mjs';
import { scanFixture, testLimits } from './helpers.ts';

describe.concurrent('fixture servers', () => {
  test('a plain server: tools assessed and pinned, server info recorded, record valid', async () => {
    const record = await scanFixture('plain.mjs');
    expect(record.status).toBe('ok');
    expect(ScanRecordSchema.safeParse(record).success).toBe(true);
    expect(record.server).toMatchObject({ name: 'plain-fixture', version: '1.2.3', instructions: 'A plain fixture.' });
    expect(record.server?.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(record.tools.map((tool) => tool.name)).toEqual(['read_file', 'delete_file', 'echo']);
    for (const tool of record.tools) {
      expect(tool.pin).toMatch(/^[0-9a-f]{64}$/);
      expect(tool.assessment.risk).toMatch(/low|medium|high|critical/);
    }
    expect(record.timings.startMs).toBeGreaterThan(0);
    expect(record.sandbox.backend).toBe('bubblewrap');
  });

  test('a paginated server: every page walked, the malformed tool recorded, the others kept', async () => {
    const record = await scanFixture('paginated.mjs');
    expect(record.status).toBe('ok');
    expect(record.tools).toHaveLength(24);
    expect(record.malformed).toEqual([{ list: 'tools', index: 12, name: 'tool_12', reason: expect.stringContaining('inputSchema') }]);
    expect(record.truncated).toEqual([]);
  });

  test('the page cap: a list longer than maxPages is marked truncated', async () => {
    const record = await scanFixture('paginated.mjs', [], { limits: { maxPages: 2 } });
    expect(record.tools).toHaveLength(19);
    expect(record.truncated).toEqual(['tools']);
    expect(record.limitsHit).toEqual(['maxPages:tools']);
  });

  test('prompts, resources and resource templates are listed when advertised', async () => {
    const record = await scanFixture('prompts-resources.mjs');
    expect(record.status).toBe('ok');
    expect(record.detail).toBe('listed 1 tool; 1 prompt; 2 resources.');
    expect(record.prompts).toEqual([{ name: 'summarize', description: 'Summarize a note.', arguments: [{ name: 'noteId', description: 'The note to summarize', required: true }] }]);
    expect(record.resources).toEqual([
      { name: 'readme', description: 'The readme note.', uri: 'notes://readme', mimeType: 'text/markdown' },
      { name: 'note', description: 'A note by id.', uriTemplate: 'notes://{id}' },
    ]);
  });

  test('a server that needs an env var: needs_credentials without it, ok with a placeholder', async () => {
    const without = await scanFixture('needs-env.mjs', [], { credentialRetries: 0 });
    expect(without.status).toBe('needs_credentials');
    expect(without.detail).toContain('WEATHER_API_KEY');
    expect(without.exitCode).toBe(1);
    const withPlaceholder = await scanFixture('needs-env.mjs', [], { declared: [{ name: 'WEATHER_API_KEY', isSecret: true, isRequired: true }] });
    expect(withPlaceholder.status).toBe('ok');
    expect(withPlaceholder.environment).toEqual([{ name: 'WEATHER_API_KEY', placeholder: 'mcp-risk-placeholder-weather-api-key', isSecret: true, isRequired: true }]);
  });

  test('a server that names the variable it lacks is relaunched with a placeholder for it, marked as requested', async () => {
    const record = await scanFixture('needs-env.mjs');
    expect(record.status).toBe('ok');
    expect(record.tools.map((tool) => tool.name)).toEqual(['get_forecast']);
    expect(record.environment).toEqual([{ name: 'WEATHER_API_KEY', placeholder: 'mcp-risk-placeholder-weather-api-key', isSecret: true, isRequired: true, requested: true }]);
    expect(record.detail).toBe('listed 1 tool; 0 prompts; 0 resources; with placeholders for WEATHER_API_KEY, which the server asked for.');
  });

  test('when a placeholder gets a server no further than a crash, the outcome stays needs_credentials and says so', async () => {
    const record = await scanFixture('needs-env.mjs', ['--check-key']);
    expect(record.status).toBe('needs_credentials');
    expect(record.environment.map((variable) => [variable.name, variable.requested])).toEqual([['WEATHER_API_KEY', true]]);
    expect(record.detail).toMatch(/^the server needs credentials: Error: WEATHER_API_KEY environment variable is required \(given placeholders for WEATHER_API_KEY, it then crashed: .*fetch failed\)$/);
  });

  test('when the retries run out before a placeholder passes the format check, it stays needs_credentials, naming the placeholders', async () => {
    const record = await scanFixture('needs-env.mjs', ['--check-format'], { credentialRetries: 1 });
    expect(record.status).toBe('needs_credentials');
    expect(record.environment.map((variable) => [variable.name, variable.requested])).toEqual([['WEATHER_API_KEY', true]]);
    expect(record.detail).toBe('the server needs credentials: Error: invalid API key format, expected wk_* (given placeholders for WEATHER_API_KEY)');
  });

  test('a server slow to start: progress reported, then listed', async () => {
    const progress: string[] = [];
    const record = await scanFixture('slow-start.mjs', [], { slowStartMs: 500, onProgress: (message) => progress.push(message) });
    expect(record.status).toBe('ok');
    expect(record.timings.startMs).toBeGreaterThan(1_400);
    expect(progress.some((message) => message.includes('still starting'))).toBe(true);
  });

  test('a command that does not exist: crashed with a clear detail', async () => {
    const [record] = await scanTarget({ command: ['definitely-not-a-command-xyz'] }, process.cwd(), { sandbox: new BubblewrapSandbox(), limits: testLimits });
    expect(record?.status).toBe('crashed');
    expect(record?.detail).toMatch(/not found on PATH/);
  });

  test('the none backend runs the same fixture, unconfined', async () => {
    const record = await scanFixture('plain.mjs', [], { sandbox: new NoSandbox() });
    expect(record.status).toBe('ok');
    expect(record.sandbox.backend).toBe('none');
  });
});

describe('remote servers', () => {
  test('streamable HTTP on 127.0.0.1: listed; 401: auth_required; 404: unreachable; closed port: unreachable', async () => {
    const remote = (await startRemoteFixture()) as { url: string; close(): Promise<void> };
    try {
      const options = { sandbox: new BubblewrapSandbox(), limits: testLimits };
      const [ok] = await scanTarget(`${remote.url}/mcp`, process.cwd(), options);
      expect(ok).toMatchObject({ status: 'ok', targetKind: 'url', sandbox: { backend: 'remote' }, server: { name: 'remote-fixture' } });
      expect(ok?.tools.map((tool) => tool.name)).toEqual(['send_email']);
      const [auth] = await scanTarget(`${remote.url}/private`, process.cwd(), options);
      expect(auth?.status).toBe('auth_required');
      const [missing] = await scanTarget(`${remote.url}/nothing-here`, process.cwd(), options);
      expect(missing?.status).toBe('unreachable');
    } finally {
      await remote.close();
    }
    const [closed] = await scanTarget(remote.url.replace(/:\d+$/, ':1'), process.cwd(), { sandbox: new BubblewrapSandbox(), limits: testLimits });
    expect(closed?.status).toBe('unreachable');
  });
});
