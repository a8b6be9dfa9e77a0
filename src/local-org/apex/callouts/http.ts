/**
 * Http, HttpRequest and HttpResponse. Http.send checks the callout limits (100 per transaction;
 * "You have uncommitted work pending" after DML), answers from the test's HttpCalloutMock when one is set,
 * and otherwise hands the request to the org's callout host (named credentials, the org's own API).
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_restful_http_httprequest.htm
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_gov_limits.htm
 */
import { callUserMethod } from '../calls.js';
import type { Interpreter } from '../interpreter.js';
import { argInt, argString } from '../library/registry.js';
import { defineNativeConstructor } from '../native-constructors.js';
import { currentTestContext, httpCalloutMock } from '../testing/context.js';
import { ApexList, ApexNative, ApexObject, typeRef, type Value } from '../values.js';

export const MAX_CALLOUTS = 100;
export const CALLOUT_FROM_TRIGGER = 'Callout from triggers are currently not supported.';
export const UNCOMMITTED_WORK = 'You have uncommitted work pending. Please commit or rollback before calling out';

export interface CalloutRequest {
  readonly method: string;
  readonly endpoint: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  readonly timeoutMs: number;
  /** True inside batch, scheduled and queueable jobs. */
  readonly async: boolean;
}

export interface CalloutResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  /**
   * How long the request took, when the host knows better than the runtime's own measurement (an
   * injected delay is counted here without blocking); the runtime measures the call otherwise.
   */
  readonly elapsedMs?: number;
}

/** A callout the host refuses or cannot complete; the runtime raises it as System.CalloutException. */
export class CalloutFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalloutFailure';
  }
}

export interface CalloutHost {
  /** Performs the callout synchronously; throws CalloutFailure with the platform's message. */
  send(request: CalloutRequest): CalloutResponse;
  /** The org's My Domain URL (URL.getOrgDomainUrl()). */
  orgDomainUrl?(): string;
}

/**
 * "The maximum cumulative timeout for callouts by a single Apex transaction is 120 seconds"
 * (Apex Developer Guide, Callout Limits and Limitations). The exception's wording is unverified.
 */
export const MAX_CALLOUT_TIME_MS = 120_000;
export const CALLOUT_TIME_EXCEEDED = `Exceeded maximum time allotted for callout (${MAX_CALLOUT_TIME_MS} ms)`;

/** Callout time used so far in the interpreter's transaction. */
export function calloutTime(it: Interpreter): number {
  return it.transaction.calloutMs;
}

/** Callouts made so far in the interpreter's transaction (Limits.getCallouts). */
export function calloutCount(it: Interpreter): number {
  return it.transaction.callouts;
}

class Headers {
  readonly map = new Map<string, { name: string; value: string }>();
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), { name, value });
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase())?.value ?? null;
  }
  plain(): Map<string, string> {
    return new Map([...this.map.values()].map((h) => [h.name, h.value]));
  }
}

export class HttpRequestValue extends ApexNative {
  endpoint: string | null = null;
  method: string | null = null;
  body: string | null = null;
  timeoutMs = 10_000;
  readonly headers = new Headers();
  constructor(it: Interpreter) {
    const m: Record<string, (args: Value[]) => Value> = {};
    super('System.HttpRequest', m, 'System.HttpRequest');
    Object.assign(m, {
      setendpoint: ([v]: Value[]) => ((this.endpoint = v === null ? null : argString(it, v)), null),
      getendpoint: () => this.endpoint,
      setmethod: ([v]: Value[]) => ((this.method = v === null ? null : argString(it, v).toUpperCase()), null),
      getmethod: () => this.method,
      setbody: ([v]: Value[]) => ((this.body = v === null ? null : argString(it, v)), null),
      getbody: () => this.body ?? '',
      setheader: ([k, v]: Value[]) => (this.headers.set(argString(it, k), v === null ? '' : argString(it, v)), null),
      getheader: ([k]: Value[]) => this.headers.get(argString(it, k)),
      settimeout: ([v]: Value[]) => {
        const ms = argInt(it, v);
        if (ms < 1 || ms > 120_000)
          it.throwApex('CalloutException', `Timeout value must be between 1 and 120000 milliseconds`);
        this.timeoutMs = ms;
        return null;
      },
      setcompressed: () => null,
      tostring: () => `System.HttpRequest[Endpoint=${this.endpoint}, Method=${this.method}]`
    });
  }
}

export class HttpResponseValue extends ApexNative {
  status = 0;
  statusText: string | null = null;
  body: string | null = null;
  readonly headers = new Headers();
  constructor(it: Interpreter) {
    const m: Record<string, (args: Value[]) => Value> = {};
    super('System.HttpResponse', m, 'System.HttpResponse');
    Object.assign(m, {
      getstatuscode: () => this.status,
      setstatuscode: ([v]: Value[]) => ((this.status = argInt(it, v)), null),
      getstatus: () => this.statusText,
      setstatus: ([v]: Value[]) => ((this.statusText = v === null ? null : argString(it, v)), null),
      getbody: () => this.body,
      setbody: ([v]: Value[]) => ((this.body = v === null ? null : argString(it, v)), null),
      getheader: ([k]: Value[]) => this.headers.get(argString(it, k)),
      setheader: ([k, v]: Value[]) => (this.headers.set(argString(it, k), v === null ? '' : argString(it, v)), null),
      getheaderkeys: () =>
        new ApexList(
          typeRef('String'),
          [...this.headers.map.values()].map((h) => h.name)
        ),
      tostring: () => `System.HttpResponse[Status=${this.statusText}, StatusCode=${this.status}]`
    });
  }
}

function send(it: Interpreter, req: Value): Value {
  if (req === null) return it.npe();
  if (!(req instanceof HttpRequestValue)) return it.throwApex('TypeException', 'Http.send expects an HttpRequest');
  const n = calloutCount(it) + 1;
  if (n > MAX_CALLOUTS) return it.throwApex('LimitException', `Too many callouts: ${n}`);
  // A trigger runs inside the save of its records: it may not call out synchronously.
  if (it.triggers.running.length > 0) return it.throwApex('CalloutException', CALLOUT_FROM_TRIGGER);
  if (it.usage.dml > 0) return it.throwApex('CalloutException', UNCOMMITTED_WORK);
  // A future method makes callouts only when declared @future(callout=true) ("Future Annotation").
  const job = it.transaction.async;
  if (job?.kind === 'future' && !job.allowsCallouts)
    return it.throwApex(
      'CalloutException',
      'Callout not allowed from this future method. Please enable callout by annotating the future method. eg: @Future(callout=true)'
    );
  it.transaction.callouts = n;
  const mock = httpCalloutMock();
  if (mock instanceof ApexObject) {
    const res = callUserMethod(it, mock, 'respond', [req]).value;
    if (res !== null && !(res instanceof HttpResponseValue))
      return it.throwApex('TypeException', 'HttpCalloutMock.respond must return an HttpResponse');
    return res;
  }
  if (currentTestContext())
    return it.throwApex('CalloutException', 'Methods defined as TestMethod do not support Web service callouts');
  // "Synchronous Web service callouts are not supported from scheduled Apex" (Apex Scheduler).
  if (it.transaction.async?.kind === 'scheduled')
    return it.throwApex('CalloutException', 'Callout from scheduled Apex not supported.');
  if (req.endpoint === null || req.endpoint === '') return it.throwApex('CalloutException', 'Endpoint is not set');
  if (req.method === null) return it.throwApex('CalloutException', 'Method is not set');
  const host = it.org.callouts;
  if (!host) return it.throwUnsupported(`Http.send to ${req.endpoint} (the runtime was given no callout host)`);
  const used = calloutTime(it);
  if (used >= MAX_CALLOUT_TIME_MS) return it.throwApex('CalloutException', CALLOUT_TIME_EXCEEDED);
  const started = performance.now();
  let r: CalloutResponse;
  try {
    r = host.send({
      method: req.method,
      endpoint: req.endpoint,
      headers: req.headers.plain(),
      body: req.body ?? '',
      timeoutMs: req.timeoutMs,
      async: it.transaction.async !== undefined
    });
  } catch (e) {
    if (e instanceof CalloutFailure) return it.throwApex('CalloutException', e.message);
    throw e;
  }
  const elapsed = r.elapsedMs ?? performance.now() - started;
  // A request that outlasts its timeout fails with "Read timed out" once the timeout has passed.
  it.transaction.calloutMs = used + Math.min(elapsed, req.timeoutMs);
  if (elapsed > req.timeoutMs) return it.throwApex('CalloutException', 'Read timed out');
  if (used + elapsed > MAX_CALLOUT_TIME_MS) return it.throwApex('CalloutException', CALLOUT_TIME_EXCEEDED);
  const res = new HttpResponseValue(it);
  res.status = r.status;
  res.statusText = r.statusText;
  res.body = r.body;
  for (const [k, v] of r.headers) res.headers.set(k, v);
  return res;
}

defineNativeConstructor('System.HttpRequest', (it) => new HttpRequestValue(it));
defineNativeConstructor('System.HttpResponse', (it) => new HttpResponseValue(it));
defineNativeConstructor(
  'System.Http',
  (it) =>
    new ApexNative('System.Http', { send: ([req]) => send(it, req), tostring: () => 'System.Http' }, 'System.Http')
);
