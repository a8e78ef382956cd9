import { describe, expect, test } from 'vitest';
import type { RanWith } from '../../schemas/scan-record.ts';
import { describeRanWith } from '../../site/lib/ran-with.ts';

const base: RanWith = { node: { version: 'v20.20.2', source: 'scanner' }, placeholders: [], files: [], stubs: [], attempts: [{ status: 'ok', detail: 'listed', changes: [] }] };

describe('what a server ran against, in one line', () => {
  test.each<[string, Partial<RanWith>, string | undefined]>([
    ['nothing added', {}, undefined],
    ['a placeholder key and the Docker stub', { placeholders: [{ name: 'API_KEY', kind: 'prefixed' }], stubs: [{ service: 'docker', listen: '/var/run/docker.sock' }], attempts: [base.attempts[0]!, base.attempts[0]!] }, 'listed with placeholder credentials and a stub Docker daemon (2 launches)'],
    ['a URL, a Redis and Node 22', { placeholders: [{ name: 'REDIS_URL', kind: 'url' }], stubs: [{ service: 'redis', listen: '6379' }], node: { version: 'v22.23.5', source: 'npm-registry' } }, 'listed with placeholder addresses on its own loopback, a stub Redis and Node v22.23.5'],
    ['a placeholder file', { files: [{ path: '/scratch/keys.json' }] }, 'listed with placeholder files'],
  ])('%s', (_name, change, line) => {
    expect(describeRanWith({ ...base, ...change }, 'ok')).toBe(line);
  });

  test('a failed scan says what was tried', () => {
    expect(describeRanWith({ ...base, placeholders: [{ name: 'KEY', kind: 'generic' }] }, 'needs_credentials')).toBe('tried with placeholder credentials');
    expect(describeRanWith(undefined, 'ok')).toBeUndefined();
  });
});
