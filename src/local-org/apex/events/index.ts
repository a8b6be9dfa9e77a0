/** Platform events in the local runtime: EventBus.publish, TriggerContext, delivery to triggers. */
import './publish.js';
export { eventBusOf, type EventBusHost, type PublishBehavior, type PublishResult } from './host.js';
export {
  deliverBatch,
  EVENT_TRIGGER_BATCH,
  MAX_EVENT_RETRIES,
  type EventSource,
  type EventSubscriber,
  type InvocationReport,
  type SubscriberState
} from './deliver.js';
export { eventSubscribers } from './subscribers.js';
export type { EventTriggerState } from './trigger-context.js';
