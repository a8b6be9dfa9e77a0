/**
 * A minimal Streaming API (Bayeux/CometD long-polling) endpoint at /cometd/<version>: handshake, connect,
 * subscribe, unsubscribe and disconnect succeed, and no event is ever delivered. `sf apex get test` and
 * `sf apex run test --wait` handshake before reading results, then find completed runs by querying
 * ApexTestQueueItem (apex-node's StreamingClient polls while subscribed), which is all the local org serves.
 * Bayeux 1.0 message fields: https://docs.cometd.org/current/reference/#_bayeux
 */
import { randomUUID } from 'node:crypto';
import { SalesforceError } from '../store/errors.js';
import type { RequestContext } from './context.js';
import { parseJson, sendJson } from './http-util.js';

type Message = Record<string, unknown>;

/** Seconds the client waits before its next /meta/connect (no events will come: keep the loop slow). */
const RECONNECT_INTERVAL_MS = 2000;

function reply(m: Message, clientId: string | null): Message {
  const base: Message = { channel: m.channel, id: m.id, successful: true };
  switch (m.channel) {
    case '/meta/handshake':
      return {
        ...base,
        version: '1.0',
        minimumVersion: '1.0',
        clientId: randomUUID(),
        supportedConnectionTypes: ['long-polling'],
        advice: { reconnect: 'retry', interval: 0, timeout: 110000 }
      };
    case '/meta/connect':
      return { ...base, clientId, advice: { reconnect: 'retry', interval: RECONNECT_INTERVAL_MS, timeout: 110000 } };
    case '/meta/subscribe':
    case '/meta/unsubscribe':
      return { ...base, clientId, subscription: m.subscription };
    case '/meta/disconnect':
      return { ...base, clientId };
    default:
      return {
        ...base,
        clientId,
        successful: false,
        error: `403::Publishing to ${String(m.channel)} is not supported`
      };
  }
}

/** POST /cometd/<version>[/...]: answers a batch of Bayeux messages. */
export function handleCometd(ctx: RequestContext): void {
  const auth = ctx.req.headers.authorization ?? '';
  const token = /^(?:OAuth|Bearer)\s+(.+)$/i.exec(auth)?.[1];
  if (!ctx.org.sessions.validateAccessToken(token)) {
    sendJson(ctx.res, 401, [{ channel: '/meta/handshake', successful: false, error: '401::Authentication invalid' }]);
    return;
  }
  if (ctx.method !== 'POST')
    throw new SalesforceError(
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${ctx.method}' not allowed. Allowed are POST`,
      [],
      405
    );
  const body = parseJson(ctx.body);
  const messages = (Array.isArray(body) ? body : [body]).filter(
    (m): m is Message => typeof m === 'object' && m !== null
  );
  sendJson(
    ctx.res,
    200,
    messages.map((m) => reply(m, typeof m.clientId === 'string' ? m.clientId : null))
  );
}
