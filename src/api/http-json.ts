import type { IncomingMessage, ServerResponse } from 'node:http';

/** Writes a JSON reply; every API answer, error or not, is JSON so clients parse one format. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** The query string of a request as ordered key/value pairs. */
export function queryPairs(req: IncomingMessage): [string, string][] {
  const url = new URL(req.url ?? '/', 'http://localhost');
  return [...url.searchParams.entries()];
}
