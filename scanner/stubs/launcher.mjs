// The sandbox's entry when a server needs stub services or placeholder files: it runs inside the same bubblewrap
// as the server, so the stubs live in the server's own network namespace (loopback only) and die with it.
//   node launcher.mjs CONFIG_JSON -- COMMAND [ARGS...]
// CONFIG_JSON: { "stubs": [{ "service": "docker"|"redis"|"http", "listen": PATH_OR_PORT }], "files": [{ "path", "content", "directory"? }] }
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startDockerStub } from './docker.mjs';
import { startHttpStub } from './http.mjs';
import { startRedisStub } from './redis.mjs';

const STARTERS = { docker: startDockerStub, redis: startRedisStub, http: startHttpStub };

const separator = process.argv.indexOf('--');
const config = JSON.parse(process.argv[2] ?? '{}');
const [command, ...args] = separator === -1 ? [] : process.argv.slice(separator + 1);
if (!command) {
  process.stderr.write('mcp-risk launcher: expected CONFIG_JSON -- COMMAND [ARGS...]\n');
  process.exit(2);
}

for (const file of config.files ?? []) {
  try {
    if (file.directory) mkdirSync(file.path, { recursive: true });
    else {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.content ?? '', { flag: 'wx' });
    }
  } catch (error) {
    process.stderr.write(`mcp-risk launcher: could not create placeholder ${file.path}: ${error.message}\n`);
  }
}

const servers = [];
for (const stub of config.stubs ?? []) {
  try {
    const server = await STARTERS[stub.service](stub.listen);
    server.unref();
    servers.push(server);
  } catch (error) {
    process.stderr.write(`mcp-risk launcher: could not start the ${stub.service} stub on ${stub.listen}: ${error.message}\n`);
  }
}

// The server gets this process's stdin, stdout and stderr as they are: the protocol passes straight through.
const child = spawn(command, args, { stdio: 'inherit' });
child.on('error', (error) => {
  process.stderr.write(`mcp-risk launcher: could not start ${command}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  for (const server of servers) server.close();
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});
