// A stub HTTP service for URL placeholders: any path answers 200 with an empty JSON object, so a server that
// checks its endpoint at start finds one. It reads nothing it is sent beyond the request line.
import { createServer } from 'node:http';

/** Listens on 127.0.0.1:port until closed. */
export function startHttpStub(port) {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '2' });
    response.end('{}');
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
