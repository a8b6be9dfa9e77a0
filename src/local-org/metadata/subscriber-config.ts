/**
 * PlatformEventSubscriberConfig: the running user and batch size of a platform event Apex trigger
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_platformeventsubscriberconfig.htm):
 * `platformEventConsumer` (required) is the trigger's full name, `batchSize` an int from 1 through 2,000,
 * `user` the username of an active user. The deploy refuses a config that breaks one of these (the org's
 * wording is not documented: these messages are the local org's). Delivery reads the stored config
 * (org/event-subscriber-config.ts).
 */
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';
import { text } from './xml.js';

export const MAX_SUBSCRIBER_BATCH = 2000;

/** The problem of a PlatformEventSubscriberConfig's content, or null when it is valid in this org. */
export function subscriberConfigProblem(store: Store, content: Record<string, unknown>): string | null {
  if (!text(content.masterLabel)) return 'Required field is missing: masterLabel';
  const consumer = text(content.platformEventConsumer);
  if (!consumer) return 'Required field is missing: platformEventConsumer';
  const trigger = runSoql(store, 'SELECT TableEnumOrId FROM ApexTrigger WHERE Name = :n', { binds: { n: consumer } })
    .records[0];
  const object = trigger ? store.schema.get(String(trigger.TableEnumOrId)) : undefined;
  if (!object?.platformEvent)
    return `platformEventConsumer: ${consumer} is not an Apex trigger on a platform event in this org (deploy the trigger first, or with this config)`;
  const size = text(content.batchSize) ?? null;
  if (size !== null && !(/^\d+$/.test(size) && Number(size) >= 1 && Number(size) <= MAX_SUBSCRIBER_BATCH))
    return `batchSize: ${size} is not a whole number from 1 through 2,000`;
  const user = text(content.user) ?? null;
  if (
    user !== null &&
    !runSoql(store, 'SELECT Id FROM User WHERE Username = :u AND IsActive = true', { binds: { u: user } }).records
      .length
  )
    return `user: ${user} is not the username of an active user of this org`;
  return null;
}
