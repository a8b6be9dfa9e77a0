/**
 * Streaming API state behind /cometd: Bayeux clients, their subscriptions, and events waiting for their
 * next `/meta/connect` (long polling). System topics the org publishes to: `/systemTopic/Logging` (a new
 * debug log: `{ sobject: { Id } }`, what `sf apex tail log` listens for).
 * Bayeux: https://docs.cometd.org/current/reference/#_bayeux
 */
import { randomUUID } from 'node:crypto';

export type BayeuxMessage = Record<string, unknown>;

interface Client {
  subscriptions: Set<string>;
  queue: BayeuxMessage[];
  wake?: () => void;
  lastSeen: number;
}

/** Longest a `/meta/connect` is held open while a client waits for events. */
export const LONG_POLL_MS = 10_000;

export class StreamingHub {
  private readonly clients = new Map<string, Client>();
  private closed = false;

  handshake(): string {
    const id = randomUUID();
    this.clients.set(id, { subscriptions: new Set(), queue: [], lastSeen: Date.now() });
    return id;
  }

  has(clientId: string): boolean {
    return this.clients.has(clientId);
  }

  subscribe(clientId: string, channel: string): void {
    this.clients.get(clientId)?.subscriptions.add(channel);
  }

  unsubscribe(clientId: string, channel: string): void {
    this.clients.get(clientId)?.subscriptions.delete(channel);
  }

  disconnect(clientId: string): void {
    this.clients.get(clientId)?.wake?.();
    this.clients.delete(clientId);
  }

  /** Subscribers of the channel (the local org delivers only to channels it publishes to). */
  subscribers(channel: string): number {
    return [...this.clients.values()].filter((c) => c.subscriptions.has(channel)).length;
  }

  publish(channel: string, data: Record<string, unknown>): void {
    for (const c of this.clients.values()) {
      if (!c.subscriptions.has(channel)) continue;
      c.queue.push({ channel, data });
      c.wake?.();
    }
  }

  /** Whether a connect should be held open: the client listens to a channel the org publishes to. */
  waitsForEvents(clientId: string): boolean {
    const c = this.clients.get(clientId);
    return !!c && [...c.subscriptions].some((s) => s.startsWith('/systemTopic/Logging'));
  }

  /** Events for the client: at once if some are queued, else after the next publish or `LONG_POLL_MS`. */
  async take(clientId: string, waitMs = LONG_POLL_MS): Promise<BayeuxMessage[]> {
    const c = this.clients.get(clientId);
    if (!c) return [];
    c.lastSeen = Date.now();
    if (c.queue.length === 0 && !this.closed)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        c.wake = done;
      });
    c.wake = undefined;
    return c.queue.splice(0);
  }

  /** Releases every held connect (the org is stopping). */
  close(): void {
    this.closed = true;
    for (const c of this.clients.values()) c.wake?.();
  }
}
