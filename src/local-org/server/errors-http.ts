/**
 * Answers for errors, in the shape of the surface that raised them: REST errors as
 * `[{"message","errorCode"}]`, SOAP errors as a SOAP fault with HTTP 500 (as SOAP 1.1 requires), and a
 * true internal error — a bug, never the client's input — as the platform's UNKNOWN_EXCEPTION with an
 * error id, logged once with that id.
 */
import { randomInt } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { SalesforceError } from '../store/errors.js';
import { sendJson, sendXml } from './http-util.js';
import { soapFault } from './soap-fault.js';

export function isSoapPath(path: string): boolean {
  return path.startsWith('/services/Soap/');
}

/** "An unexpected error occurred. Please include this ErrorId if you contact support: …", as an org words it. */
export function internalError(e: unknown, onInternalError: (e: unknown) => void): SalesforceError {
  const errorId = `${randomInt(1e9, 2e9)}-${randomInt(1e4, 1e5)} (${randomInt(-2e9, 2e9)})`;
  onInternalError(Object.assign(e instanceof Error ? e : new Error(String(e)), { errorId }));
  return new SalesforceError(
    'UNKNOWN_EXCEPTION',
    `An unexpected error occurred. Please include this ErrorId if you contact support: ${errorId}`,
    [],
    500
  );
}

/** Sends `e` in the shape of the surface at `path`. */
export function sendErrorFor(res: ServerResponse, path: string, e: SalesforceError): void {
  if (isSoapPath(path)) sendXml(res, 500, soapFault(e.errorCode, e.message));
  else sendJson(res, e.status, [e.toJSON()]);
}
