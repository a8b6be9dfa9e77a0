/**
 * One HTTP request, end to end: URL, injected faults, the body limit of its surface (checked on the
 * declared and the streamed size, before authentication work and without buffering the rest),
 * authentication that needs no body done before the body is read, routing, and errors in the
 * surface's own shape (errors-http.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SalesforceError } from '../store/errors.js';
import type { OrgState, RequestContext } from './context.js';
import { checkControlRequest } from './control.js';
import { internalError, isSoapPath, sendErrorFor } from './errors-http.js';
import { BodyTooLargeError, INVALID_SESSION, readBody, sendJson } from './http-util.js';
import { route } from './router.js';

const MB = 1024 * 1024;
/**
 * Body limits by surface: SOAP messages 50 MB (the Metadata API's deploy limits page), REST bodies
 * 50 MB of text (REST API, Insert or Update Blob Data: a non-multipart message is limited to 50 MB of
 * text data), OAuth and the control API 1 MB (local: their bodies are a few hundred bytes).
 */
export const BODY_LIMITS = { soap: 50 * MB, rest: 50 * MB, oauth: MB, control: MB } as const;
/** Bytes of a refused body the server reads (and drops) before it closes the connection. */
const DRAIN_BYTES = 64 * 1024;

function bodyLimit(path: string, max: number): number {
  if (isSoapPath(path)) return Math.min(max, BODY_LIMITS.soap);
  if (path.startsWith('/__local')) return Math.min(max, BODY_LIMITS.control);
  if (path.startsWith('/services/oauth2/')) return Math.min(max, BODY_LIMITS.oauth);
  return Math.min(max, BODY_LIMITS.rest);
}

function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/** Answers without reading the body: drops at most DRAIN_BYTES of it, then closes the connection. */
function refuse(req: IncomingMessage, res: ServerResponse, path: string, e: SalesforceError): void {
  res.setHeader('Connection', 'close');
  sendErrorFor(res, path, e);
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) req.socket.destroy();
  });
  req.resume();
}

function parseUrl(raw: string): URL | undefined {
  try {
    // Collapse repeated slashes before parsing: `//services/...` would otherwise parse as a host.
    const q = raw.indexOf('?');
    const pathPart = (q >= 0 ? raw.slice(0, q) : raw).replace(/\/{2,}/g, '/');
    return new URL(`${pathPart.startsWith('/') ? '' : '/'}${pathPart}${q >= 0 ? raw.slice(q) : ''}`, 'http://local');
  } catch {
    return undefined;
  }
}

/** True when the request is refused before its body is read (authentication that needs no body). */
function refusedEarly(org: OrgState, req: IncomingMessage, res: ServerResponse, method: string, path: string): boolean {
  if (!hasBody(req)) return false;
  try {
    if (/^\/services\/data\/v\d+\.0\//.test(path)) {
      const m = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
      if (!org.sessions.validateAccessToken(m?.[1])) throw INVALID_SESSION;
    } else if (path.startsWith('/__local')) {
      checkControlRequest({ req, res, method, path, org } as RequestContext);
    }
  } catch (e) {
    if (!(e instanceof SalesforceError)) throw e;
    refuse(req, res, path, e);
    return true;
  }
  return false;
}

export async function handle(
  org: OrgState,
  req: IncomingMessage,
  res: ServerResponse,
  onInternalError: (e: unknown) => void
): Promise<void> {
  // HEAD is answered as GET; node:http sends the headers without the body.
  const method = (req.method ?? 'GET').toUpperCase() === 'HEAD' ? 'GET' : (req.method ?? 'GET').toUpperCase();
  const url = parseUrl(req.url ?? '/');
  if (!url) {
    sendJson(res, 400, [{ message: 'malformed request URL', errorCode: 'NOT_FOUND' }]);
    return;
  }
  const path = url.pathname;
  if (!path.startsWith('/__local')) {
    const fault = org.faults.take(method, path);
    if (fault) {
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      if (fault.status) {
        req.resume();
        const body = fault.body ?? [
          { message: 'fault injected by the local org control API', errorCode: 'SERVER_UNAVAILABLE' }
        ];
        if (typeof body === 'string') res.writeHead(fault.status, { 'Content-Type': 'text/plain' }).end(body);
        else sendJson(res, fault.status, body);
        return;
      }
    }
  }
  if (refusedEarly(org, req, res, method, path)) return;
  let body: Buffer;
  try {
    body = await readBody(req, bodyLimit(path, org.maxBodyBytes));
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      refuse(req, res, path, new SalesforceError('REQUEST_ENTITY_TOO_LARGE', e.message, [], 413));
      return;
    }
    throw e;
  }
  const ctx: RequestContext = { req, res, method, path, url, body, org };
  try {
    await route(ctx);
  } catch (e) {
    if (res.headersSent) {
      if (!(e instanceof SalesforceError)) internalError(e, onInternalError);
      res.destroy();
      return;
    }
    sendErrorFor(res, path, e instanceof SalesforceError ? e : internalError(e, onInternalError));
  }
}
