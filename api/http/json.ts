// A JSON response without Express's generic res.json()/res.send() path (content-type negotiation, charset
// rewriting, freshness checks): the same status, body and headers (`application/json; charset=utf-8` and
// Content-Length), for the hot routes.
import type { Response } from 'express';

export function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body) ?? '';
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
