/**
 * Delivering platform events to their subscribers: each after insert trigger on an event type reads the
 * type's stream from its own position, in batches of at most 2,000 events in ReplayId order, each batch in
 * its own transaction with fresh limits, after (never inside) the publishing transaction
 * ("Subscribe to Platform Event Notifications with Apex Triggers",
 * https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_subscribe_apex.htm).
 * What an invocation's end means for the stream
 * (https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_subscribe_compare_checkpoint_retryable.htm):
 * - it completes: its work commits; the position moves past the batch, or to the checkpoint set with
 *   EventBus.TriggerContext.setResumeCheckpoint (the next invocation starts after it);
 * - EventBus.RetryableException: its work rolls back; the same events come again with `retries` + 1 and
 *   `lastError`; after the ninth retry the subscriber is in the error state and receives nothing more
 *   (platform_events_subscribe_apex_refire.htm);
 * - another unhandled exception: its work rolls back (local choice, docs/local-org.md); the position moves
 *   to the checkpoint when one was set (those after it come again), else past the batch.
 */
import { describeFailure, type PhaseFailure } from '../async/phase.js';
import type { DataRecord, RunningUser } from '../data-layer.js';
import { ApexThrow } from '../errors.js';
import type { Interpreter } from '../interpreter.js';
import { fromRecord } from '../library/soql.js';
import { activate, type ApexRuntime } from '../runtime.js';
import { ApexList, typeRef } from '../values.js';
import type { EventTriggerState } from './trigger-context.js';

/** Largest batch a platform event trigger receives (PlatformEventSubscriberConfig's default). */
export const EVENT_TRIGGER_BATCH = 2000;
/** Retries after EventBus.RetryableException before the trigger goes to the error state. */
export const MAX_EVENT_RETRIES = 9;

/** A subscriber's place in an event stream (EventBusSubscriber: Position, Retries, LastError, Status). */
export interface SubscriberState {
  /** ReplayId of the last event the subscriber is done with. */
  position: number;
  retries: number;
  lastError: string | null;
  status: 'Running' | 'Error';
}

/** The event bus as subscribers read it (org/event-bus.ts). */
export interface EventSource {
  /** Platform event types of the org. */
  eventTypes(): string[];
  /**
   * The subscriber's state (called first in the delivery transaction: it takes the write lock). A new
   * subscriber starts after the events published before `since` (ISO date-time; all events without it).
   */
  state(type: string, subscriber: string, since?: string): SubscriberState;
  setState(type: string, subscriber: string, state: SubscriberState): void;
  /** Events after ReplayId `after` up to `until`, in ReplayId order, at most `limit` (fields by API name, no Id). */
  events(type: string, after: number, limit: number, until?: number): DataRecord[];
  /** The last ReplayId of the type (0 when none). */
  tip(type: string): number;
}

/** A subscriber: an active after insert trigger on the event type. */
export interface EventSubscriber {
  readonly name: string;
  /** When the subscriber was created (ISO date-time): it receives no event published before. */
  readonly since?: string;
  /**
   * Whom the trigger runs as: by default the Automated Process user, or the user of its
   * PlatformEventSubscriberConfig (absent: the data layer's own user, as in Apex tests).
   */
  readonly runningUser?: RunningUser;
  /** Largest batch it receives (PlatformEventSubscriberConfig batchSize; default EVENT_TRIGGER_BATCH). */
  readonly batchSize?: number;
  /** Runs the trigger with Trigger.new = `events`, in the interpreter's transaction. */
  run(it: Interpreter, events: ApexList): void;
}

export interface InvocationReport {
  readonly type: string;
  readonly subscriber: string;
  readonly size: number;
  /** The trigger threw EventBus.RetryableException (the batch comes again). */
  readonly retry: boolean;
  readonly failure: PhaseFailure | null;
  readonly debug: readonly string[];
}

class RollbackSignal extends Error {}

function isRetryable(e: unknown): boolean {
  return e instanceof ApexThrow && e.exception.cls.name === 'EventBus.RetryableException';
}

/**
 * Runs one invocation of `sub` over its next batch of `type`, if it has one (null otherwise).
 * `newInterpreter` gives the invocation its interpreter (tests share their static state with it).
 */
export function deliverBatch(
  runtime: ApexRuntime,
  source: EventSource,
  type: string,
  sub: EventSubscriber,
  options: { newInterpreter?: () => Interpreter; until?: number } = {}
): InvocationReport | null {
  const newInterpreter =
    options.newInterpreter ??
    (() => runtime.newInterpreter(sub.runningUser ? { runningUser: sub.runningUser } : undefined));
  let report: InvocationReport | null = null;
  let after: { state: SubscriberState; trigger: EventTriggerState; last: number; retry: boolean } | null = null;
  try {
    runtime.data.runInTransaction(() => {
      const state = source.state(type, sub.name, sub.since);
      if (state.status !== 'Running') return;
      const batch = source.events(type, state.position, sub.batchSize ?? EVENT_TRIGGER_BATCH, options.until);
      if (!batch.length) return;
      const replayIds = batch.map((e) => String(e.ReplayId));
      const last = Number(replayIds[replayIds.length - 1]);
      const trigger: EventTriggerState = {
        retries: state.retries,
        lastError: state.lastError,
        checkpoint: null,
        replayIds
      };
      const it = newInterpreter();
      it.transaction.eventTrigger = trigger;
      activate(it);
      const events = new ApexList(
        typeRef(type),
        batch.map((e) => fromRecord(e, type))
      );
      try {
        sub.run(it, events);
      } catch (e) {
        report = {
          type,
          subscriber: sub.name,
          size: batch.length,
          retry: isRetryable(e),
          failure: describeFailure(it, e),
          debug: debugOf(it)
        };
        after = { state, trigger, last, retry: isRetryable(e) };
        throw new RollbackSignal();
      } finally {
        it.frames.length = 0;
      }
      const position = trigger.checkpoint !== null ? Number(trigger.checkpoint) : last;
      source.setState(type, sub.name, { position, retries: 0, lastError: null, status: 'Running' });
      report = { type, subscriber: sub.name, size: batch.length, retry: false, failure: null, debug: debugOf(it) };
    });
  } catch (e) {
    if (!(e instanceof RollbackSignal)) throw e;
  }
  const failed = after as { state: SubscriberState; trigger: EventTriggerState; last: number; retry: boolean } | null;
  if (failed) {
    const { state, trigger, last, retry } = failed;
    const f = (report as InvocationReport | null)?.failure;
    const next: SubscriberState = retry
      ? {
          position: state.position,
          // Retried nine times and failing again: the error state, Retries staying at the nine retries.
          retries: Math.min(state.retries + 1, MAX_EVENT_RETRIES),
          lastError: f?.message ?? null,
          status: state.retries + 1 > MAX_EVENT_RETRIES ? 'Error' : 'Running'
        }
      : {
          position: trigger.checkpoint !== null ? Number(trigger.checkpoint) : last,
          retries: 0,
          lastError: null,
          status: 'Running'
        };
    runtime.data.runInTransaction(() => source.setState(type, sub.name, next));
  }
  return report;
}

function debugOf(it: Interpreter): string[] {
  return it.debugEntries.map((d) => `USER_DEBUG|[${d.line}]|${d.level}|${d.message}`);
}
