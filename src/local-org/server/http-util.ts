/** Small HTTP helpers: bounded body reading and Salesforce-shaped responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SalesforceError } from '../store/errors.js';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds the local org's limit of ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  if (res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, err: SalesforceError): void {
  sendJson(res, err.status, [err.toJSON()]);
}

export function sendXml(res: ServerResponse, status: number, xml: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'text/xml;charset=UTF-8' });
  res.end(xml);
}

export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '')
    throw new SalesforceError('JSON_PARSER_ERROR', 'The request body is empty. Send a JSON body.');
  try {
    return JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new SalesforceError('JSON_PARSER_ERROR', `Unexpected character in the request body: ${detail}`);
  }
}

/** 405 METHOD_NOT_ALLOWED in the REST API's wording (`allowed`: e.g. "GET,HEAD" or "POST"). */
export function methodNotAllowed(method: string, allowed: string): SalesforceError {
  return new SalesforceError(
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are ${allowed}`,
    [],
    405
  );
}

export const INVALID_SESSION = new SalesforceError('INVALID_SESSION_ID', 'Session expired or invalid', [], 401);
