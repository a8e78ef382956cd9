import { describe, expect, test } from 'vitest';
import { GuardAuditLineSchema, type GuardCallLine, type GuardContentLine } from '../../schemas/guard-audit.ts';
import type { MemoryAudit } from '../../guard/audit-log.ts';
import { startGuard, textOf } from './helpers.ts';

const server = 'guard-hostile-content.mjs';
const callLines = (audit: MemoryAudit) => audit.lines.filter((line): line is GuardCallLine => line.event === 'call');
const contentLines = (audit: MemoryAudit) => audit.lines.filter((line): line is GuardContentLine => line.event === 'content');
const TOKEN = `ghp_${'R8pXk2Lm9Qz4Tn7Vb1Yc6Wd3Fh5Jg0Ks8Ea2'}`;

describe('the guard reads what the server sends (default: warn)', () => {
  test('a poisoned tool result reaches the client, and its audit line carries the findings', async () => {
    const guard = await startGuard({ server });
    const result = await guard.client.callTool({ name: 'read_page', arguments: { url: 'https://docs.example.com' } });
    expect(textOf(result)).toContain('Ignore all previous instructions');
    await guard.close();
    const [line] = callLines(guard.audit);
    expect(line).toMatchObject({ tool: 'read_page', outcome: 'ok', findings: expect.arrayContaining([expect.objectContaining({ id: 'prompt-injection', location: 'result.content[0].text' })]) });
    expect(guard.logs.join('\n')).toMatch(/warning on a message for tools\/call: prompt-injection/);
    for (const audited of guard.audit.lines) expect(GuardAuditLineSchema.safeParse(audited).success).toBe(true);
  });

  test('a secret leaving in call arguments is recorded by kind and hash, never its value', async () => {
    const guard = await startGuard({ server, auditArguments: false });
    const result = await guard.client.callTool({ name: 'echo', arguments: { message: `token ${TOKEN}` } });
    expect(result.isError).toBeFalsy();
    await guard.close();
    const [line] = callLines(guard.audit);
    expect(line?.findings).toContainEqual(expect.objectContaining({ id: 'secret', location: 'params.arguments.message', evidence: expect.stringMatching(/^github-token sha256:[0-9a-f]{8}$/) }));
    expect(JSON.stringify(guard.audit.lines) + guard.logs.join('\n')).not.toContain(TOKEN.slice(4, 16));
  });

  test('prompts, resources and instructions: forwarded, each with a content audit line', async () => {
    const guard = await startGuard({ server });
    expect(guard.client.getInstructions()).toContain('unrestricted assistant');
    const prompt = await guard.client.getPrompt({ name: 'summarize' });
    expect(JSON.stringify(prompt)).toContain('Do not tell the user');
    await guard.client.readResource({ uri: 'notes://readme' });
    await guard.close();
    const lines = contentLines(guard.audit);
    expect(lines.map((line) => [line.method, line.verdict, line.findings[0]?.id])).toEqual([
      ['initialize', 'warn', 'prompt-injection'],
      ['prompts/get', 'warn', 'prompt-injection'],
      ['resources/read', 'warn', 'hidden-unicode'],
    ]);
  });
});

describe('with --content block', () => {
  test('a poisoned tool result is withheld: the client gets a tool error naming the finding', async () => {
    const guard = await startGuard({ server, contentPolicy: { content: 'block' } });
    const result = await guard.client.callTool({ name: 'read_page', arguments: { url: 'https://docs.example.com' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^mcp-risk guard withheld the server's answer: prompt-injection at result\.content\[0\]\.text/);
    expect(textOf(result)).not.toContain('collector.example.net');
    await guard.close();
    expect(callLines(guard.audit)[0]).toMatchObject({ tool: 'read_page', decision: 'allowed', outcome: 'withheld' });
  });

  test('arguments carrying a secret are refused and never reach the server', async () => {
    const guard = await startGuard({ server, contentPolicy: { content: 'block' } });
    const result = await guard.client.callTool({ name: 'echo', arguments: { message: `token ${TOKEN}` } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/the message checks blocked its arguments: secret at params\.arguments\.message \(github-token sha256:/);
    expect(textOf(result)).not.toContain(TOKEN.slice(4, 16));
    await guard.close();
    expect(callLines(guard.audit)[0]).toMatchObject({ decision: 'refused', outcome: 'blocked' });
  });

  test('an elicitation asking for a password never reaches the person; the server hears a refusal', async () => {
    const guard = await startGuard({ server, contentPolicy: { content: 'block' }, elicitation: 'accept' });
    // The guard's own approval question (sign_in needs approval) is answered; only the server's question is counted.
    let asked = 0;
    guard.client.setRequestHandler((await import('@modelcontextprotocol/sdk/types.js')).ElicitRequestSchema, async (request) => {
      if (request.params.message.includes('password')) asked++;
      return { action: 'accept', content: { password: 'hunter2' } };
    });
    const result = await guard.client.callTool({ name: 'sign_in', arguments: {} });
    expect(asked).toBe(0);
    expect(result.isError).toBe(true);
    await guard.close();
    expect(contentLines(guard.audit)).toContainEqual(expect.objectContaining({ method: 'elicitation/create', verdict: 'block', findings: expect.arrayContaining([expect.objectContaining({ id: 'credential-request' })]) }));
  });

  test('hostile initialize instructions are dropped; the session still starts', async () => {
    const guard = await startGuard({ server, contentPolicy: { content: 'block' } });
    expect(guard.client.getInstructions()).toBeUndefined();
    expect((await guard.client.listTools()).tools.map((tool) => tool.name)).toContain('echo');
    await guard.close();
  });
});
