import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NoSandbox } from '../../scanner/sandbox-none.ts';
import { scanTarget } from '../../scanner/scan.ts';

// A remote server is reached from the host: these are the only guards between it and the scanner's memory.
const CAP = 1024 * 1024;
/** What the server streams at most, whatever the client does: many times the cap, bounded for the test's sake. */
const STREAM_LIMIT = 256 * 1024 * 1024;

const INITIALIZE_RESULT = { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'hostile-remote', version: '1.0.0' } };

/** Streams `chunk` until the client goes away or STREAM_LIMIT bytes were sent. */
function streamForever(response: ServerResponse, head: string, chunk: string): void {
  let sent = 0;
  const block = chunk.repeat(Math.ceil(65_536 / chunk.length));
  response.write(head);
  const pump = () => {
    while (sent < STREAM_LIMIT && !response.destroyed) {
      sent += block.length;
      if (!response.write(block)) return void response.once('drain', pump);
    }
    response.end();
  };
  pump();
}

async function readJson(request: IncomingMessage): Promise<{ id?: number; method?: string }> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return JSON.parse(text) as { id?: number; method?: string };
}

let baseUrl = '';
const server = createServer(async (request, response) => {
  if (request.method !== 'POST') return void response.writeHead(405).end();
  const message = await readJson(request);
  const answer = (result: unknown) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
  switch (request.url) {
    case '/huge-json':
      response.writeHead(200, { 'content-type': 'application/json' });
      return streamForever(response, '{"jsonrpc":"2.0","id":0,"result":{"padding":"', 'x');
    case '/huge-event':
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      return streamForever(response, 'event: message\ndata: {"jsonrpc":"2.0","id":0,"result":{"padding":"', 'x');
    case '/huge-list':
      if (message.method === 'initialize') return answer(INITIALIZE_RESULT);
      if (message.method === 'tools/list') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return streamForever(response, `{"jsonrpc":"2.0","id":${message.id},"result":{"tools":[`, '{"name":"t","inputSchema":{"type":"object"}},');
      }
      return void response.writeHead(202).end();
    case '/trickles': {
      // Headers at once, then one byte of body every 100 ms, forever: the exchange must still end.
      response.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => response.write(' '), 100);
      response.on('close', () => clearInterval(timer));
      return;
    }
    default:
      return void response.writeHead(404).end();
  }
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const limits = { maxMessageBytes: CAP, startTimeoutMs: 3_000, requestTimeoutMs: 3_000 };

async function scanBounded(path: string) {
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const [record] = await scanTarget(`${baseUrl}${path}`, process.cwd(), { sandbox: new NoSandbox(), limits });
    return { record: record!, grewBytes: peak - rssBefore, milliseconds: performance.now() - started };
  } finally {
    clearInterval(sampler);
  }
}

describe('a remote server cannot exhaust the scanner', () => {
  test.each([
    ['/huge-json', 'an endless JSON body answering initialize'],
    ['/huge-event', 'one endless SSE event answering initialize'],
  ])('%s (%s): protocol_error naming maxMessageBytes, memory bounded', async (path) => {
    const { record, grewBytes } = await scanBounded(path);
    expect(record.status).toBe('protocol_error');
    expect(record.limitsHit).toContain('maxMessageBytes');
    expect(record.detail).toMatch(/maxMessageBytes/);
    expect(grewBytes).toBeLessThan(96 * 1024 * 1024);
  });

  test('an endless tools/list page: protocol_error naming maxMessageBytes, the server info kept', async () => {
    const { record, grewBytes } = await scanBounded('/huge-list');
    expect(record.status).toBe('protocol_error');
    expect(record.server?.name).toBe('hostile-remote');
    expect(record.limitsHit).toContain('maxMessageBytes');
    expect(grewBytes).toBeLessThan(96 * 1024 * 1024);
  });

  test('a body that trickles in forever: timeout within the start timeout, named', async () => {
    const { record, milliseconds } = await scanBounded('/trickles');
    expect(record.status).toBe('timeout');
    expect(record.limitsHit).toContain('startTimeoutMs');
    expect(milliseconds).toBeLessThan(limits.startTimeoutMs + 2_000);
  }, 20_000);
});

describe('a remote scan that fails leaves nothing open', () => {
  const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-remote-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  test('an SSE server on a closed port: the CLI prints its record and exits', async () => {
    const config = join(directory, 'mcp.json');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    writeFileSync(config, JSON.stringify({ mcpServers: { gone: { type: 'sse', url: `http://127.0.0.1:${port}/sse` } } }));
    const bin = fileURLToPath(new URL('../../bin/mcp-risk.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'scan', '--sandbox', 'none', '--format', 'json', config], { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    const exited = await Promise.race([
      new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))),
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000)),
    ]);
    if (exited === 'still running') child.kill('SIGKILL');
    expect(stdout).toContain('"unreachable"');
    expect(exited).toBe(3);
  }, 30_000);
});
