import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { NoSandbox } from '../../scanner/sandbox-none.ts';
import type { Sandbox, SandboxSpec } from '../../scanner/sandbox.ts';
import { scanTarget } from '../../scanner/scan.ts';
import { ScanRecordSchema } from '../../schemas/scan-record.ts';
import { fixturesDirectory, testLimits } from './helpers.ts';

const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-never-throws-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The none backend, except that preparing the server named `broken` throws, as a full disk or a missing tool would. */
class FlakySandbox implements Sandbox {
  readonly name = 'none' as const;
  private readonly inner = new NoSandbox();
  checkAvailable() {
    return this.inner.checkAvailable();
  }
  async prepare(spec: SandboxSpec) {
    if (spec.args.includes('broken')) throw new Error('ENOSPC: no space left on device, mkdtemp');
    const prepared = await this.inner.prepare(spec);
    if (!spec.args.includes('cleanup-throws')) return prepared;
    return { ...prepared, cleanup: async () => { await prepared.cleanup(); throw new Error('EBUSY: resource busy, rmdir'); } };
  }
}

describe('every job of a target ends as a record', () => {
  test('a sandbox that cannot be prepared, or a job that throws: that server is a failed record, the others are scanned', async () => {
    const config = join(directory, 'mcp.json');
    const plain = join(fixturesDirectory, 'plain.mjs');
    writeFileSync(config, JSON.stringify({
      mcpServers: {
        good: { command: 'node', args: [plain] },
        broken: { command: 'node', args: [plain, 'broken'] },
        cleanup: { command: 'node', args: [plain, 'cleanup-throws'] },
      },
    }));
    const records = await scanTarget(config, directory, { sandbox: new FlakySandbox(), limits: testLimits, readOnlyPaths: [join(fixturesDirectory, '../../../node_modules')] });
    expect(records.map((record) => [record.serverName, record.status])).toEqual([['good', 'ok'], ['broken', 'crashed'], ['cleanup', 'crashed']]);
    expect(records[1]!.detail).toMatch(/could not prepare the sandbox: ENOSPC/);
    expect(records[2]!.detail).toMatch(/the scan failed inside mcp-risk \(please report it\): EBUSY/);
    for (const record of records) expect(ScanRecordSchema.safeParse(record).success).toBe(true);
  }, 30_000);
});
