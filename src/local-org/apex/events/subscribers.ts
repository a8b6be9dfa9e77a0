/**
 * The subscribers of an event type: its active after insert triggers, each a subscriber of its own
 * (each runs in its own transaction with its own position in the stream).
 */
import type { ApexRuntime } from '../runtime.js';
import type { EventSubscriber } from './deliver.js';

export function eventSubscribers(_runtime: ApexRuntime, _type: string): EventSubscriber[] {
  return [];
}
