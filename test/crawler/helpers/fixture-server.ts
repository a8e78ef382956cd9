import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded response. */
export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A fixture file under test/crawler/fixtures/, or a value sent as JSON. */
  file?: string;
  json?: unknown;
}

/** Picks the response for a request; undefined means 404 with GitHub's "Not Found" body. */
export type FixtureRoute = (url: URL, request: IncomingMessage) => FixtureResponse | undefined;

export interface FixtureServer {
  url: string;
  /** Every request path with its query, in order. */
  requests: string[];
  close(): Promise<void>;
}

const fixtures = new URL('../fixtures/', import.meta.url);

/** Serves recorded responses on 127.0.0.1 (an ephemeral port): the recorded implementation of every live source. */
export async function startFixtureServer(route: FixtureRoute): Promise<FixtureServer> {
  const requests: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const answer = route(url, request) ?? { status: 404, file: 'github/not-found.json' };
    const body = answer.file ? await readFile(new URL(answer.file, fixtures), 'utf8') : JSON.stringify(answer.json ?? {});
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
