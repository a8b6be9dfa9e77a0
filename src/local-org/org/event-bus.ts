/**
 * The org's event bus (docs/local-org.md, "Platform events"): the rows of each platform event object are
 * its event stream, in ReplayId order (the store assigns ReplayId and EventUuid on insert). Publishing
 * follows the event's `<publishBehavior>`
 * (https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_define_ui.htm):
 * - PublishAfterCommit: the row is written inside the publishing transaction, so an unhandled exception or
 *   a Database.rollback to an earlier savepoint discards the event with the rest of the transaction;
 * - PublishImmediately: the event is validated now (a savepoint written and rolled back) and held here;
 *   `flush()` writes it once the publishing transaction has ended, committed or not.
 * Subscribers (after insert triggers) read the stream from their own position, kept in their
 * EventBusSubscriber row (Position, Retries, LastError, Status, Tip) and moved in the same transaction as the
 * trigger's work (events/deliver.ts), so two Apex workers never deliver the same event twice.
 */
import { randomUUID } from 'node:crypto';
import type { DataRecord } from '../apex/data-layer.js';
import type {
  EventBusHost,
  EventSource,
  PublishBehavior,
  PublishResult,
  SubscriberState
} from '../apex/events/index.js';
import { SalesforceError } from '../store/errors.js';
import { col, tableName, type ApiRecord, type Store } from '../store/store.js';
import { fromDb, toDbDateTime } from '../store/values.js';

class Undo extends Error {}

/** The fields of a published record: no attributes, no Id (the bus assigns the event's system fields). */
function eventFields(rec: DataRecord): ApiRecord {
  const out: ApiRecord = {};
  for (const [k, v] of Object.entries(rec)) if (k !== 'attributes' && k.toLowerCase() !== 'id') out[k] = v;
  return out;
}

export function publishBehavior(store: Store, type: string): PublishBehavior | null {
  const def = store.schema.get(type);
  if (!def?.platformEvent) return null;
  return def.publishBehavior ?? 'PublishImmediately';
}

export interface OrgEventBusOptions {
  /** Called after an event was published (the host schedules a delivery turn). */
  readonly onPublished?: () => void;
  /** Standard platform events (BatchApexErrorEvent) that only the platform publishes; Apex and the API cannot. */
  readonly platformOnly?: ReadonlySet<string>;
  /**
   * The test event bus of an Apex test run (testing/event-bus.ts): reset for every test method, at most
   * TEST_PUBLISH_LIMIT events per test, PublishImmediately events written when delivered.
   */
  readonly test?: boolean;
}

/** "Test events … have their own publishing limit of 500 event messages in a test method" (platform_events_test_events.htm). */
export const TEST_PUBLISH_LIMIT = 500;

/** Standard events that only the Salesforce Platform fires (Object Reference, BatchApexErrorEvent). */
export const PLATFORM_ONLY_EVENTS: ReadonlySet<string> = new Set(['batchapexerrorevent']);

export class OrgEventBus implements EventBusHost, EventSource {
  /** PublishImmediately events waiting for their publishing transaction to end. */
  private held: { type: string; fields: ApiRecord; uuid: string }[] = [];
  /** Events published in the running test method (test event bus only). */
  private publishedInTest = 0;

  constructor(
    private readonly store: Store,
    private readonly options: OrgEventBusOptions = {}
  ) {}

  behavior(type: string): PublishBehavior | null {
    return publishBehavior(this.store, type);
  }

  publish(records: readonly DataRecord[]): PublishResult[] {
    const results = records.map((r) => this.publishOne(r));
    if (results.some((r) => r.success)) this.options.onPublished?.();
    return results;
  }

  private publishOne(rec: DataRecord): PublishResult {
    const type = String(rec.attributes?.type ?? '');
    const store = this.store;
    if (this.options.test && ++this.publishedInTest > TEST_PUBLISH_LIMIT)
      // The status code is documented; the message is local wording (docs/platform-facts.md).
      return {
        success: false,
        id: null,
        uuid: null,
        errors: [
          { statusCode: 'LIMIT_EXCEEDED', message: `Exceeded ${TEST_PUBLISH_LIMIT} test event messages`, fields: [] }
        ]
      };
    try {
      const def = store.object(type);
      if ((this.options.platformOnly ?? PLATFORM_ONLY_EVENTS).has(def.name.toLowerCase()))
        throw new SalesforceError('INVALID_TYPE_FOR_OPERATION', `entity type ${def.name} does not support insert`);
      const fields = eventFields(rec);
      if (publishBehavior(store, def.name) === 'PublishAfterCommit') {
        const id = store.transaction(() => store.insert(def.name, fields));
        return { success: true, id, uuid: String(store.row(def.name, id)?.EventUuid ?? ''), errors: [] };
      }
      // Validated on a savepoint that is rolled back: the event is written by flush(), outside the transaction.
      let id = '';
      try {
        store.transaction(() => {
          id = store.insert(def.name, { ...fields });
          throw new Undo();
        });
      } catch (e) {
        if (!(e instanceof Undo)) throw e;
      }
      const uuid = randomUUID();
      this.held.push({ type: def.name, fields, uuid });
      return { success: true, id, uuid, errors: [] };
    } catch (e) {
      if (!(e instanceof SalesforceError)) throw e;
      return {
        success: false,
        id: null,
        uuid: null,
        errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields }]
      };
    }
  }

  /** Whether PublishImmediately events are waiting to be written. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /**
   * Writes the held PublishImmediately events (each gets its ReplayId now). Only outside a transaction:
   * inside one they would share its fate; they wait for the next call then.
   */
  flush(): boolean {
    if (!this.held.length || (this.store.db.inTransaction && !this.options.test)) return false;
    const held = this.held.splice(0);
    this.store.transaction(() => {
      for (const h of held) this.store.insert(h.type, { ...h.fields, EventUuid: h.uuid }, { system: true });
    });
    return true;
  }

  /**
   * A new test method (test event bus): inside its transaction (rolled back after it), the bus starts
   * empty — no events, ReplayIds from 1, every subscriber at position 0 ("Event and Event Bus Properties in
   * Test Context", platform_events_test_events.htm).
   */
  resetForTest(): void {
    this.held = [];
    this.publishedInTest = 0;
    this.store.lockForWrite();
    for (const type of this.eventTypes()) this.store.db.exec(`DELETE FROM ${tableName(type)}`);
    this.store.db.exec("DELETE FROM _counters WHERE prefix LIKE 'replay:%'");
    this.store.db.exec(`DELETE FROM ${tableName('EventBusSubscriber')}`);
  }

  // ---- EventSource: the stream a subscriber reads ---------------------------------------------------

  /** Platform event types that have events (the host asks which of them have subscribers). */
  eventTypes(): string[] {
    return this.store.schema
      .all()
      .filter((d) => d.platformEvent)
      .map((d) => d.name);
  }

  private subscriberRow(type: string, subscriber: string): Record<string, unknown> | undefined {
    return this.store
      .sql(`SELECT * FROM ${tableName('EventBusSubscriber')} WHERE lower(Topic) = lower(?) AND lower(Name) = lower(?)`)
      .get(type, subscriber) as Record<string, unknown> | undefined;
  }

  /** The subscriber's state, from its EventBusSubscriber row (created, at its start, on first use). */
  state(type: string, subscriber: string, since?: string): SubscriberState {
    this.store.lockForWrite();
    const row = this.subscriberRow(type, subscriber);
    if (row)
      return {
        position: Number(row.Position ?? 0),
        retries: Number(row.Retries ?? 0),
        lastError: (row.LastError as string | null) ?? null,
        status: row.Status === 'Error' ? 'Error' : 'Running'
      };
    // A new subscriber receives the events published after it was created (`since`), none before.
    const state: SubscriberState = {
      position: since ? this.tip(type, since) : 0,
      retries: 0,
      lastError: null,
      status: 'Running'
    };
    const trigger = this.store.sql(`SELECT Id FROM ${tableName('ApexTrigger')} WHERE Name = ?`).get(subscriber) as
      { Id: string } | undefined;
    this.store.insert(
      'EventBusSubscriber',
      {
        Name: subscriber,
        Topic: this.store.object(type).name,
        Type: 'ApexTrigger',
        ExternalId: trigger?.Id ?? null,
        Tip: this.tip(type),
        ...this.columns(state)
      },
      { system: true }
    );
    return state;
  }

  private columns(state: SubscriberState): Record<string, unknown> {
    return {
      Position: state.position,
      Retries: state.retries,
      LastError: state.lastError?.slice(0, 255) ?? null,
      Status: state.status
    };
  }

  setState(type: string, subscriber: string, state: SubscriberState): void {
    const row = this.subscriberRow(type, subscriber);
    if (!row) {
      this.state(type, subscriber);
      return this.setState(type, subscriber, state);
    }
    this.store.update('EventBusSubscriber', String(row.Id), this.columns(state), { system: true });
  }

  /** The last ReplayId published for the type (0 when none), or the last published before `before`. */
  tip(type: string, before?: string): number {
    const replay = `CAST(${col('ReplayId')} AS INTEGER)`;
    const row = (
      before
        ? this.store
            .sql(`SELECT MAX(${replay}) AS n FROM ${tableName(type)} WHERE ${col('CreatedDate')} < ?`)
            .get(toDbDateTime(new Date(before)))
        : this.store.sql(`SELECT MAX(${replay}) AS n FROM ${tableName(type)}`).get()
    ) as { n: number | null };
    return row.n ?? 0;
  }

  events(type: string, after: number, limit: number, until = Number.MAX_SAFE_INTEGER): DataRecord[] {
    const def = this.store.object(type);
    const replay = `CAST(${col('ReplayId')} AS INTEGER)`;
    const rows = this.store
      .sql(`SELECT * FROM ${tableName(def.name)} WHERE ${replay} > ? AND ${replay} <= ? ORDER BY ${replay} LIMIT ?`)
      .all(after, until, limit) as Record<string, unknown>[];
    return rows.map((r) => {
      // "The Id field value isn't included in the event message delivered to subscribers" (Apex Reference, EventBus).
      const rec: DataRecord = { attributes: { type: def.name } };
      for (const f of def.fields) if (f.name !== 'Id' && f.name !== 'IsDeleted') rec[f.name] = fromDb(f, r[f.name]);
      return rec;
    });
  }
}
