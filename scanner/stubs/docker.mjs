// A stub Docker Engine API: enough for a server to find "a daemon" at start and list nothing. It never runs,
// pulls or removes anything; every request it does not know gets a JSON error, as the real API answers.
import { createServer } from 'node:http';

const API_VERSION = '1.43';
const VERSION = { Version: '24.0.0-mcp-risk-stub', ApiVersion: API_VERSION, MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64', KernelVersion: '0.0.0', GoVersion: 'go0', GitCommit: 'stub', Components: [{ Name: 'Engine', Version: '24.0.0-mcp-risk-stub', Details: { ApiVersion: API_VERSION } }] };
const INFO = { ID: 'mcp-risk-stub', Name: 'mcp-sandbox', ServerVersion: VERSION.Version, OperatingSystem: 'mcp-risk stub (no containers can run)', OSType: 'linux', Architecture: 'x86_64', Containers: 0, ContainersRunning: 0, ContainersPaused: 0, ContainersStopped: 0, Images: 0, Driver: 'none', NCPU: 1, MemTotal: 0, Swarm: { LocalNodeState: 'inactive' } };
// Listing endpoints answer empty; a GET on anything else is "not found", and anything that would change state is refused.
const LISTS = new Map([
  ['/containers/json', []], ['/images/json', []], ['/networks', []], ['/volumes', { Volumes: [], Warnings: [] }],
  ['/plugins', []], ['/secrets', []], ['/configs', []], ['/services', []], ['/tasks', []], ['/nodes', []],
  ['/system/df', { LayersSize: 0, Images: [], Containers: [], Volumes: [], BuildCache: [] }],
]);

/** Answers one request; exported so tests can drive it without a socket. */
export function answerDocker(method, rawPath) {
  const path = (rawPath ?? '/').split('?')[0].replace(/^\/v\d+(?:\.\d+)?(?=\/)/, '');
  const read = method === 'GET' || method === 'HEAD';
  if (path === '/_ping' && read) return { status: 200, type: 'text/plain', body: 'OK' };
  if (!read) return { status: 403, body: { message: `mcp-risk stub daemon: ${method} ${path} refused; this daemon only answers start-up questions` } };
  if (path === '/version') return { status: 200, body: VERSION };
  if (path === '/info') return { status: 200, body: INFO };
  if (LISTS.has(path)) return { status: 200, body: LISTS.get(path) };
  return { status: 404, body: { message: `mcp-risk stub daemon: no such object: ${path.slice(0, 100)}` } };
}

/** Listens on a unix socket (or a port) until closed. */
export function startDockerStub(listenOn) {
  const server = createServer((request, response) => {
    request.resume();
    const answer = answerDocker(request.method, request.url);
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    response.writeHead(answer.status, { 'Content-Type': answer.type ?? 'application/json', 'Api-Version': API_VERSION, 'Docker-Experimental': 'false', 'Ostype': 'linux', 'Server': 'Docker/24.0.0 (linux)' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenOn, () => resolve(server));
  });
}
