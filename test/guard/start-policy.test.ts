import { describe, expect, test } from 'vitest';
import { MemoryAudit } from '../../guard/audit-log.ts';
import { comparePolicy } from '../../guard/policy-match.ts';
import { policyWith, startGuard, textOf } from './helpers.ts';

describe('starting with --policy', () => {
  test('tools a server adds because the client declares elicitation get the default action and are reported; the guard starts', async () => {
    // Reviewed as a scan sees it: a client without elicitation, so one tool.
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const { fixtureServer } = await import('./helpers.ts');
    const scanClient = new Client({ name: 'scan', version: '1' });
    await scanClient.connect(new StdioClientTransport({ command: process.execPath, args: [fixtureServer('adds-tools-for-elicitation.mjs')], stderr: 'ignore' }));
    const listed = (await scanClient.listTools()).tools;
    await scanClient.close();
    expect(listed.map((tool) => tool.name)).toEqual(['echo']);
    const policy = policyWith(listed, { echo: { action: 'allow' } }, '1.0.0');

    const audit = new MemoryAudit();
    const guard = await startGuard({ policy, server: 'adds-tools-for-elicitation.mjs', elicitation: 'accept', audit });
    const names = (await guard.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(['echo']);
    expect(textOf(await guard.client.callTool({ name: 'echo', arguments: { message: 'hi' } }))).toBe('hi');
    expect((await guard.client.callTool({ name: 'ask_user_to_pay', arguments: { amount: 5 } })).isError).toBe(true);
    await guard.close();
    expect(guard.logs.join('\n')).toContain('ask_user_to_pay');
    expect(audit.lines).toContainEqual(expect.objectContaining({ event: 'tool', tool: 'ask_user_to_pay', change: 'unknown', action: 'deny' }));
  }, 30_000);

  test('the version the server reports is compared with the version it reported when scanned, not with the npm version', () => {
    const policy = policyWith([], {}, '2026.8.31');
    policy.server.reportedVersion = '0.6.2';
    expect(comparePolicy(policy, [], '0.6.2').version).toBeUndefined();
    expect(comparePolicy(policy, [], '0.7.0').version).toEqual({ policy: '0.6.2', server: '0.7.0' });
    // A policy that does not say what the server reported cannot be compared: no false mismatch.
    delete policy.server.reportedVersion;
    expect(comparePolicy(policy, [], '0.6.2').version).toBeUndefined();
  });
});
