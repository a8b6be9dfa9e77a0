/**
 * What the Apex runtime needs from the org to publish platform events (RuntimeCollaborators.events): the
 * org's event bus. The runtime decides nothing about storage or delivery; the host stores each event with
 * its ReplayId and EventUuid, buffers it by the event's publish behavior, and delivers it to subscribers
 * after the publishing transaction (org/event-bus.ts; in Apex tests, testing/event-bus.ts).
 * https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_publish_apex.htm
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { DataRecord } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';

export type PublishBehavior = 'PublishAfterCommit' | 'PublishImmediately';

/** One event's publish result, in the shape of a Database.SaveResult. */
export interface PublishResult {
  readonly success: boolean;
  /** The SaveResult's Id ("not used to identify an event message, and not always unique"). */
  readonly id: string | null;
  /** The event's EventUuid when it was queued (EventBus.getOperationId), else null. */
  readonly uuid: string | null;
  readonly errors: readonly { statusCode: string; message: string; fields: readonly string[] }[];
}

export interface EventBusHost {
  /** The publish behavior of a platform event type; null when the type is not a platform event. */
  behavior(type: string): PublishBehavior | null;
  /**
   * Publishes events (each record carries attributes.type, a platform event): one result per record,
   * failures included (EventBus.publish throws nothing for an event that fails to publish).
   */
  publish(records: readonly DataRecord[]): PublishResult[];
}

/** The runtime's event bus; without one, publishing is not supported. */
export function eventBusOf(it: Interpreter, feature: string, ctx: ParserRuleContext): EventBusHost {
  const h = it.org.events;
  if (!h) return it.unsupported(`${feature} (the runtime was given no event bus)`, ctx);
  return h;
}
