import { describe, expect, test } from 'vitest';
import { ScanRecordSchema } from '../../schemas/scan-record.ts';
import { BubblewrapSandbox } from '../../scanner/sandbox-bubblewrap.ts';
import { scanTarget } from '../../scanner/scan.ts';

// Real servers from the npm registry, end to end. The first run installs them (≈5 s each); the cache makes reruns fast.
describe.concurrent('reference servers from npm', () => {
  test.each([
    ['@modelcontextprotocol/server-filesystem', 'write_file'],
    ['@modelcontextprotocol/server-memory', 'create_entities'],
    ['@modelcontextprotocol/server-everything', 'echo'],
  ])('npm:%s', async (name, someTool) => {
    const [record] = await scanTarget(`npm:${name}`, process.cwd(), { sandbox: new BubblewrapSandbox() });
    expect(record?.status, record?.detail).toBe('ok');
    expect(ScanRecordSchema.safeParse(record).success).toBe(true);
    expect(record?.package).toMatchObject({ registry: 'npm', name, version: expect.stringMatching(/^\d+\.\d+\.\d+/), integrity: expect.stringMatching(/^sha512-/) });
    expect(record?.tools.map((tool) => tool.name)).toContain(someTool);
    expect(record?.limitsHit).toEqual([]);
  }, 120_000);

  test('a package that does not exist: install_failed', async () => {
    const [record] = await scanTarget('npm:@mcp-risk-test/this-package-does-not-exist@1.0.0', process.cwd(), { sandbox: new BubblewrapSandbox() });
    expect(record?.status).toBe('install_failed');
    expect(record?.detail).toMatch(/this-package-does-not-exist/);
  }, 60_000);
});
