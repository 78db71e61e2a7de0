// A bounded local HTTP server for the download tests (127.0.0.1, random port).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one path. */
export interface Route {
  /** Status to answer with (default 200). */
  status?: number;
  body?: Uint8Array;
  /** Omit Content-Length (chunked transfer). */
  chunked?: boolean;
  /** Announce the full length but close the connection after this many bytes. */
  cutAfter?: number;
  /** Send this many bytes, then nothing (until the client gives up or the server closes). */
  stallAfter?: number;
  /** Answer 503 this many times before serving normally. */
  failTimes?: number;
}

export interface TestServer {
  url: string;
  /** Requests per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

function send(res: ServerResponse, route: Route): void {
  const body = route.body ?? new Uint8Array(0);
  const headers: Record<string, string | number> = { 'Content-Type': 'application/octet-stream' };
  if (!route.chunked) headers['Content-Length'] = body.length;
  res.writeHead(route.status ?? 200, headers);
  if (route.cutAfter !== undefined) {
    res.write(body.subarray(0, route.cutAfter), () => res.socket?.destroy());
    return;
  }
  if (route.stallAfter !== undefined) {
    res.write(body.subarray(0, route.stallAfter));
    return; // never ends; close() tears the socket down
  }
  if (route.chunked) {
    // several writes so the client sees more than one chunk
    const step = Math.max(1, Math.ceil(body.length / 4));
    for (let i = 0; i < body.length; i += step) res.write(body.subarray(i, i + step));
    res.end();
    return;
  }
  res.end(body);
}

export async function startServer(routes: Record<string, Route>): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (route.failTimes !== undefined && n <= route.failTimes) {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('try later');
      return;
    }
    send(res, route);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port with nothing listening (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
