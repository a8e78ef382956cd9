import { connect } from 'node:net';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { answerDocker, startDockerStub } from '../../scanner/stubs/docker.mjs';
import { startHttpStub } from '../../scanner/stubs/http.mjs';
import { answerRedis, parseCommand, startRedisStub } from '../../scanner/stubs/redis.mjs';
import { stubsForFailure, stubsForStart } from '../../scanner/stubs/plan.ts';

const servers: { close(): void }[] = [];
afterAll(() => servers.forEach((server) => server.close()));

/** Sends raw bytes to a TCP port and collects what comes back until the peer closes or goes quiet. */
function exchange(port: number, bytes: string | Buffer, quietMs = 200): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    const finish = () => {
      socket.destroy();
      resolve(received);
    };
    let timer = setTimeout(finish, quietMs);
    socket.on('data', (data) => {
      received += data.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    });
    socket.on('close', finish);
    socket.on('error', reject);
  });
}

describe('docker stub', () => {
  test.each([
    ['GET', '/_ping', 200],
    ['HEAD', '/_ping', 200],
    ['GET', '/v1.43/version', 200],
    ['GET', '/info', 200],
    ['GET', '/v1.41/containers/json?all=1', 200],
    ['GET', '/images/json', 200],
    ['GET', '/v1.43/containers/abc/json', 404],
    ['DELETE', '/v1.43/images/ubuntu', 403],
    ['POST', '/v1.43/containers/create', 403],
    ['POST', '/images/ubuntu/push', 403],
    ['GET', '/../../etc/passwd', 404],
    ['GET', undefined, 404],
  ])('%s %s → %i', (method, path, status) => {
    expect(answerDocker(method, path).status).toBe(status);
  });

  test('lists are empty and the version says it is a stub', () => {
    expect(answerDocker('GET', '/v1.43/containers/json').body).toEqual([]);
    expect(answerDocker('GET', '/volumes').body).toMatchObject({ Volumes: [] });
    expect(JSON.stringify(answerDocker('GET', '/version').body)).toContain('mcp-risk-stub');
  });

  test('garbage on the socket gets a 400 and a closed connection, and the stub keeps answering', async () => {
    const server = await startDockerStub(0);
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    expect(await exchange(port, Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]))).toMatch(/^HTTP\/1\.1 400|^$/);
    const ping = await new Promise<string>((resolve, reject) => {
      request({ port, host: '127.0.0.1', path: '/_ping' }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(`${response.statusCode} ${body}`));
      }).on('error', reject).end();
    });
    expect(ping).toBe('200 OK');
  });
});

describe('redis stub', () => {
  test.each([
    [['PING'], '+PONG\r\n'],
    [['ping', 'hi'], '$2\r\nhi\r\n'],
    [['AUTH', 'user', 'secret'], '+OK\r\n'],
    [['SELECT', '0'], '+OK\r\n'],
    [['CLIENT', 'SETNAME', 'x'], '+OK\r\n'],
    [['HELLO', '3'], '-NOPROTO this stub speaks RESP2 only\r\n'],
    [['FLUSHALL'], "-ERR mcp-risk stub redis: 'FLUSHALL' is not available here\r\n"],
    [['EVAL', 'os.execute("x")', '0'], "-ERR mcp-risk stub redis: 'EVAL' is not available here\r\n"],
    [['\r\n-ERR injected'], "-ERR mcp-risk stub redis: '??-ERR?INJECTED' is not available here\r\n"],
  ])('%j → %j', (args, reply) => {
    expect(answerRedis(args)).toBe(reply);
  });

  test.each([
    ['*1\r\n$4\r\nPING\r\n', { args: ['PING'] }],
    ['PING\r\n', { args: ['PING'] }],
    ['*1\r\n$4\r\nPI', undefined],
    ['*99999999\r\n', { error: 'Protocol error: invalid multibulk length' }],
    ['*1\r\n$-5\r\n', { error: 'Protocol error: invalid bulk length' }],
    ['*1\r\n:4\r\nPING\r\n', { error: 'Protocol error: invalid bulk length' }],
    ['\u0000\u0001\u00ff\r\n', { error: 'Protocol error: unbalanced or binary inline request' }],
  ])('parses %j', (input, expected) => {
    const parsed = parseCommand(Buffer.from(input, 'latin1'));
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toMatchObject(expected);
  });

  test('answers a handshake and PING over TCP; garbage ends the connection with an error', async () => {
    const server = await startRedisStub(0);
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    expect(await exchange(port, '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n')).toBe('+OK\r\n+PONG\r\n');
    expect(await exchange(port, '*x\r\n')).toBe('-ERR Protocol error: invalid multibulk length\r\n');
    expect(await exchange(port, Buffer.alloc(70 * 1024, 'a'))).toMatch(/^-ERR Protocol error/);
  });
});

describe('http stub', () => {
  test('any path answers 200 {}; garbage gets a 400', async () => {
    const server = await startHttpStub(0);
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    expect(await exchange(port, 'POST /v1/anything?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}')).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\r\n\r\n\{\}$/);
    expect(await exchange(port, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
  });
});

describe('which stubs a server gets', () => {
  test.each([
    [['DOCKER_HOST'], [], ['docker']],
    [['REDIS_URL'], [], ['redis']],
    [[], ['redis://localhost:6379'], ['redis']],
    [['ES_URL'], [], ['http']],
    [['API_KEY'], ['--stdio'], []],
  ])('from variables %j and arguments %j', (names, args, services) => {
    expect(stubsForStart(names, args).map((stub) => stub.service)).toEqual(services);
  });

  test.each([
    ['Failed to get Docker version: connect ENOENT /var/run/docker.sock', [['docker', '/var/run/docker.sock']]],
    ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', [['docker', '/var/run/docker.sock']]],
    ['[Redis Error] Error: getaddrinfo EAI_AGAIN localhost', [['redis', 6379]]],
    ['Error: connect ECONNREFUSED 127.0.0.1:9200', [['http', 9200]]],
    ['Error: connect ECONNREFUSED 127.0.0.1:2375', [['docker', 2375]]],
    ['Error: connect ECONNREFUSED 127.0.0.1:22', []],
    ['TypeError: fetch failed', []],
  ])('from the failure %j', (text, expected) => {
    expect(stubsForFailure(text).map((stub) => [stub.service, stub.listen])).toEqual(expected);
  });
});
