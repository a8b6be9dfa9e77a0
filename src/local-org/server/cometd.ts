/**
 * A minimal Streaming API (Bayeux/CometD long-polling) endpoint at /cometd/<version>: handshake, connect,
 * subscribe, unsubscribe and disconnect. The org publishes to `/systemTopic/Logging` (a new debug log, for
 * `sf apex tail log`): a client subscribed to it has its `/meta/connect` held until an event comes or
 * LONG_POLL_MS pass. Other channels never deliver: `sf apex get test` and `sf apex run test --wait`
 * handshake before reading results, then find completed runs by querying ApexTestQueueItem (apex-node's
 * StreamingClient polls while subscribed), so their connects are answered at once.
 * Bayeux 1.0 message fields: https://docs.cometd.org/current/reference/#_bayeux
 */
import type { RequestContext } from './context.js';
import { parseJson, sendJson, methodNotAllowed } from './http-util.js';
import type { BayeuxMessage, StreamingHub } from './streaming.js';

/** Milliseconds the client waits before its next /meta/connect when nothing is published to it. */
const RECONNECT_INTERVAL_MS = 2000;

async function reply(hub: StreamingHub, m: BayeuxMessage, clientId: string | null): Promise<BayeuxMessage[]> {
  const base: BayeuxMessage = { channel: m.channel, id: m.id, successful: true };
  const unknownClient = (): BayeuxMessage[] => [
    { ...base, clientId, successful: false, error: '403::Unknown client', advice: { reconnect: 'handshake' } }
  ];
  switch (m.channel) {
    case '/meta/handshake':
      return [
        {
          ...base,
          version: '1.0',
          minimumVersion: '1.0',
          clientId: hub.handshake(),
          supportedConnectionTypes: ['long-polling'],
          advice: { reconnect: 'retry', interval: 0, timeout: 110000 }
        }
      ];
    case '/meta/connect': {
      if (!clientId || !hub.has(clientId)) return unknownClient();
      if (!hub.waitsForEvents(clientId))
        return [
          { ...base, clientId, advice: { reconnect: 'retry', interval: RECONNECT_INTERVAL_MS, timeout: 110000 } }
        ];
      const events = await hub.take(clientId);
      return [...events, { ...base, clientId, advice: { reconnect: 'retry', interval: 0, timeout: 110000 } }];
    }
    case '/meta/subscribe':
      if (!clientId || !hub.has(clientId)) return unknownClient();
      for (const s of [m.subscription].flat()) if (typeof s === 'string') hub.subscribe(clientId, s);
      return [{ ...base, clientId, subscription: m.subscription }];
    case '/meta/unsubscribe':
      if (clientId) for (const s of [m.subscription].flat()) if (typeof s === 'string') hub.unsubscribe(clientId, s);
      return [{ ...base, clientId, subscription: m.subscription }];
    case '/meta/disconnect':
      if (clientId) hub.disconnect(clientId);
      return [{ ...base, clientId }];
    default:
      return [
        {
          ...base,
          clientId,
          successful: false,
          error: `403::Publishing to ${String(m.channel)} is not supported`
        }
      ];
  }
}

/** POST /cometd/<version>[/...]: answers a batch of Bayeux messages. */
export async function handleCometd(ctx: RequestContext): Promise<void> {
  const auth = ctx.req.headers.authorization ?? '';
  const token = /^(?:OAuth|Bearer)\s+(.+)$/i.exec(auth)?.[1];
  if (!ctx.org.sessions.validateAccessToken(token)) {
    sendJson(ctx.res, 401, [{ channel: '/meta/handshake', successful: false, error: '401::Authentication invalid' }]);
    return;
  }
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, 'POST');
  const body = parseJson(ctx.body);
  const messages = (Array.isArray(body) ? body : [body]).filter(
    (m): m is BayeuxMessage => typeof m === 'object' && m !== null
  );
  const out: BayeuxMessage[] = [];
  for (const m of messages)
    out.push(...(await reply(ctx.org.streaming, m, typeof m.clientId === 'string' ? m.clientId : null)));
  if (!ctx.res.destroyed) sendJson(ctx.res, 200, out);
}
