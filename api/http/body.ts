// JSON bodies only, bounded in size, parsed strictly (objects and arrays at the top level). The content type is
// checked before any byte is read so that a wrong type is a 415, not a confusing validation error.
import express, { type RequestHandler } from 'express';
import { problem, sendProblem } from './problem.js';

export interface JsonBodyOptions {
  /** e.g. '64kb'; larger bodies are answered 413 without being buffered. */
  limit: string;
}

const requireJson: RequestHandler = (req, res, next) => {
  if (req.is('application/json')) return next();
  sendProblem(res, problem(415, 'unsupported-media-type', 'send the body as application/json'));
};

export function jsonBody({ limit }: JsonBodyOptions): RequestHandler[] {
  return [requireJson, express.json({ limit, strict: true, type: 'application/json' })];
}
