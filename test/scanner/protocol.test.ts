import { describe, expect, test } from 'vitest';
import { ScanRecordSchema } from '../../schemas/scan-record.ts';
import { scanFixture } from './helpers.ts';

describe.concurrent('the protocol a scan speaks', () => {
  test('an initialize server: the record states the negotiated revision and the handshake', async () => {
    const record = await scanFixture('plain.mjs');
    expect(record.protocol).toEqual({ version: record.server?.protocolVersion, handshake: 'initialize' });
    expect(record.protocol?.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('a server that answers initialize with method-not-found is listed through server/discover', async () => {
    const record = await scanFixture('discover-only.mjs');
    expect(record.status, record.detail).toBe('ok');
    expect(ScanRecordSchema.safeParse(record).success).toBe(true);
    expect(record.protocol).toEqual({ version: '2026-07-28', handshake: 'server/discover' });
    expect(record.server).toMatchObject({ name: 'discover-fixture', version: '2.0.0', protocolVersion: '2026-07-28', instructions: 'Found by discovery.' });
    expect(record.tools.map((tool) => tool.name)).toEqual(['get_forecast', 'delete_city']);
  });

  test('a server that knows neither handshake is a protocol error naming initialize, with no protocol stated', async () => {
    const record = await scanFixture('no-handshake.mjs');
    expect(record.status).toBe('protocol_error');
    expect(record.detail).toMatch(/answered initialize with an error: MCP error -32601/);
    expect(record.protocol).toBeUndefined();
  });
});
