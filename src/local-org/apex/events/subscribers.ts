/**
 * The subscribers of an event type: its active `after insert` triggers, each a subscriber of its own (its
 * own position in the stream, its own transaction per batch), run through the trigger dispatcher's
 * invokeTrigger (triggers/fire.ts) with Trigger.new = the batch.
 */
import type { ApexRuntime } from '../runtime.js';
import { invokeTrigger } from '../triggers/fire.js';
import type { ApexSObject } from '../values.js';
import type { EventSubscriber } from './deliver.js';

export function eventSubscribers(runtime: ApexRuntime, type: string): EventSubscriber[] {
  const lower = type.toLowerCase();
  return runtime.triggers
    .filter((d) => d.active && d.object.toLowerCase() === lower && d.events.has('after insert'))
    .map((def) => ({
      name: def.name,
      run: (it, events) =>
        invokeTrigger(it, def, {
          object: def.object,
          timing: 'after',
          event: 'insert',
          newRows: events.items as ApexSObject[],
          oldRows: null
        })
    }));
}
