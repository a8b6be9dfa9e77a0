/**
 * Whom a platform event trigger runs as and how many events it receives at once: by default the Automated
 * Process user and batches of 2,000; a deployed PlatformEventSubscriberConfig whose `platformEventConsumer`
 * names the trigger sets `user` (a username) and `batchSize` (1–2,000)
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_platformeventsubscriberconfig.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_trigger_config.htm).
 * The deploy checks the config (metadata/deploy-checks.ts); a user deactivated since falls back to the
 * Automated Process user.
 */
import type { RunningUser } from '../apex/data-layer.js';
import { listMetadata } from '../metadata/registry.js';
import { text } from '../metadata/xml.js';
import { ensureAutomatedProcessUser } from '../store/seed.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';
import { runningUser } from './apex-data-layer.js';

export interface SubscriberSettings {
  readonly runningUser: RunningUser;
  readonly batchSize?: number;
}

/** The deployed PlatformEventSubscriberConfig of `trigger`, as { user, batchSize } (undefined when none). */
export function subscriberConfig(store: Store, trigger: string): { user?: string; batchSize?: number } | undefined {
  const wanted = trigger.toLowerCase();
  for (const c of listMetadata(store, 'PlatformEventSubscriberConfig')) {
    const content = c.content as Record<string, unknown> | null;
    if (String(text(content?.platformEventConsumer) ?? '').toLowerCase() !== wanted) continue;
    const size = Number(text(content?.batchSize));
    return {
      user: text(content?.user) ?? undefined,
      batchSize: Number.isInteger(size) && size > 0 ? size : undefined
    };
  }
  return undefined;
}

export function subscriberSettings(store: Store, trigger: string): SubscriberSettings {
  const config = subscriberConfig(store, trigger);
  const configured = config?.user
    ? (runSoql(store, 'SELECT Id FROM User WHERE Username = :u AND IsActive = true', { binds: { u: config.user } })
        .records[0]?.Id as string | undefined)
    : undefined;
  const id = configured ?? ensureAutomatedProcessUser(store);
  return { runningUser: runningUser(store, id, null), batchSize: config?.batchSize };
}
