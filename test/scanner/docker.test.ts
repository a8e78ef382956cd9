import { describe, expect, test } from 'vitest';
import { DockerSandbox } from '../../scanner/sandbox-docker.ts';
import { scanFixture } from './helpers.ts';

const docker = new DockerSandbox();
const unavailable = await docker.checkAvailable();
if (unavailable) console.log(`docker sandbox tests skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('docker sandbox', () => {
  test('a plain fixture is listed with no network and the engine\'s limits', async () => {
    const record = await scanFixture('plain.mjs', [], { sandbox: docker, limits: { startTimeoutMs: 60_000 } });
    expect(record.status, record.detail).toBe('ok');
    expect(record.sandbox.backend).toBe('docker');
  }, 120_000);

  test('a fork bomb stops at the pids limit', async () => {
    const record = await scanFixture('hostile/fork-bomb.mjs', ['docker-forkbomb'], { sandbox: docker, limits: { startTimeoutMs: 5_000 } });
    expect(record.status).not.toBe('ok');
  }, 120_000);
});
