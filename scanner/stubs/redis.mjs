// A stub Redis: answers the handshake a client sends on connect (HELLO, AUTH, SELECT, CLIENT, INFO) and PING.
// Every other command gets an error, and bytes that are not RESP end the connection with a protocol error.
import { createServer } from 'node:net';

const MAX_BUFFER = 64 * 1024;
const INFO = '# Server\r\nredis_version:7.2.0\r\nredis_mode:standalone\r\nrole:master\r\nloading:0\r\n';

/** Parses one RESP array of bulk strings (or an inline command) from the buffer: { args, rest }, undefined if incomplete, or { error }. */
export function parseCommand(buffer) {
  if (buffer.length === 0) return undefined;
  if (buffer[0] !== 0x2a) {
    const end = buffer.indexOf('\r\n');
    if (end === -1) return buffer.length > MAX_BUFFER ? { error: 'Protocol error: too big inline request' } : undefined;
    const line = buffer.subarray(0, end).toString('latin1');
    if (/[^\x20-\x7e\t]/.test(line)) return { error: 'Protocol error: unbalanced or binary inline request' };
    return { args: line.trim().split(/\s+/).filter(Boolean), rest: buffer.subarray(end + 2) };
  }
  let offset = 0;
  const readLine = () => {
    const end = buffer.indexOf('\r\n', offset);
    if (end === -1) return undefined;
    const line = buffer.subarray(offset, end).toString('latin1');
    offset = end + 2;
    return line;
  };
  const header = readLine();
  if (header === undefined) return undefined;
  const count = Number(header.slice(1));
  if (!Number.isInteger(count) || count < 0 || count > 1024) return { error: 'Protocol error: invalid multibulk length' };
  const args = [];
  for (let index = 0; index < count; index++) {
    const lengthLine = readLine();
    if (lengthLine === undefined) return undefined;
    const length = Number(lengthLine.slice(1));
    if (lengthLine[0] !== '$' || !Number.isInteger(length) || length < 0 || length > MAX_BUFFER) return { error: 'Protocol error: invalid bulk length' };
    if (buffer.length < offset + length + 2) return undefined;
    args.push(buffer.subarray(offset, offset + length).toString('utf8'));
    offset += length + 2;
  }
  return { args, rest: buffer.subarray(offset) };
}

const bulk = (text) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;

/** The reply to one command, as RESP text. */
export function answerRedis(args) {
  const command = String(args[0] ?? '').toUpperCase();
  switch (command) {
    case 'PING': return args[1] === undefined ? '+PONG\r\n' : bulk(args[1]);
    case 'ECHO': return bulk(args[1] ?? '');
    case 'AUTH': case 'SELECT': case 'CLIENT': case 'READONLY': case 'QUIT': return '+OK\r\n';
    case 'HELLO': return '-NOPROTO this stub speaks RESP2 only\r\n';
    case 'INFO': return bulk(INFO);
    case 'COMMAND': return '*0\r\n';
    case 'DBSIZE': return ':0\r\n';
    default: return `-ERR mcp-risk stub redis: '${command.slice(0, 40).replace(/[^\w.-]/g, '?')}' is not available here\r\n`;
  }
}

/** Listens on 127.0.0.1:port until closed. */
export function startRedisStub(port) {
  const server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseCommand(buffer);
        if (!parsed) break;
        if (parsed.error) {
          socket.end(`-ERR ${parsed.error}\r\n`);
          return;
        }
        buffer = parsed.rest;
        if (parsed.args.length === 0) continue;
        socket.write(answerRedis(parsed.args));
        if (String(parsed.args[0]).toUpperCase() === 'QUIT') return void socket.end();
      }
      if (buffer.length > MAX_BUFFER) socket.end('-ERR Protocol error: request too large\r\n');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
