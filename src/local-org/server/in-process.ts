/**
 * The in-process transport of the org's callouts to its own API: a request is dispatched into the router
 * on the same thread (the interpreter cannot wait for its own event loop) and answered with what the
 * handler wrote. Faults injected through the control API apply here too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CalloutFailure, type CalloutResponse } from '../apex/callouts/index.js';
import { SalesforceError } from '../store/errors.js';
import type { OrgState, RequestContext } from './context.js';
import { sendError } from './http-util.js';
import { route } from './router.js';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  300: 'Multiple Choices',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  500: 'Server Error'
};

/** Dispatches a request into the router in-process and returns the response it wrote. */
export function dispatchInProcess(
  org: OrgState,
  method: string,
  url: URL,
  headers: ReadonlyMap<string, string>,
  body: string
): CalloutResponse {
  const reqHeaders: Record<string, string> = {};
  for (const [k, v] of headers) reqHeaders[k.toLowerCase()] = v;
  let status = 200;
  const resHeaders = new Map<string, string>();
  let text = '';
  let ended = false;
  const res = {
    headersSent: false,
    setHeader(k: string, v: string | number) {
      resHeaders.set(k, String(v));
    },
    writeHead(s: number, h?: Record<string, string>) {
      status = s;
      for (const [k, v] of Object.entries(h ?? {})) resHeaders.set(k, v);
      this.headersSent = true;
      return this;
    },
    end(chunk?: string | Buffer) {
      if (chunk !== undefined) text += chunk.toString();
      ended = true;
      return this;
    }
  };
  const path = url.pathname.replace(/\/{2,}/g, '/');
  // Faults injected through the control API apply to in-process callouts too. A delay is counted as
  // callout time (elapsedMs) without blocking: the interpreter and this server share one thread.
  const fault = path.startsWith('/__local') ? undefined : org.faults.take(method, path);
  const delay = fault?.delayMs ?? 0;
  if (fault?.drop) throw new CalloutFailure('Unexpected end of file from server');
  if (fault?.status) {
    const faultBody = fault.body ?? [
      { message: 'fault injected by the local org control API', errorCode: 'SERVER_UNAVAILABLE' }
    ];
    const isText = typeof faultBody === 'string';
    return {
      status: fault.status,
      statusText: STATUS_TEXT[fault.status] ?? '',
      headers: new Map([['Content-Type', isText ? 'text/plain' : 'application/json']]),
      body: isText ? faultBody : JSON.stringify(faultBody),
      elapsedMs: delay
    };
  }
  const started = performance.now();
  const ctx: RequestContext = {
    req: { headers: reqHeaders, method } as unknown as IncomingMessage,
    res: res as unknown as ServerResponse,
    method,
    path,
    url: new URL(path + url.search, 'http://local'),
    body: Buffer.from(body, 'utf8'),
    org,
    inProcess: true
  };
  try {
    const r = route(ctx);
    if (r instanceof Promise) {
      r.catch(() => undefined);
      if (!ended)
        throw new CalloutFailure(
          `not supported by the local runtime: an in-process callout to ${path} (only the REST data API, OAuth and control endpoints answer synchronously)`
        );
    }
  } catch (e) {
    if (e instanceof SalesforceError) sendError(res as unknown as ServerResponse, e);
    else throw e;
  }
  return {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: resHeaders,
    body: text,
    elapsedMs: performance.now() - started + delay
  };
}
