/**
 * Running Apex as a user other than the org's own: `System.runAs` in tests, and a platform event trigger's
 * running user (the Automated Process user, or the PlatformEventSubscriberConfig's user). The user is who
 * UserInfo answers and whom the writes are made as: CreatedById, LastModifiedById and the default OwnerId
 * ("Configure the User and Batch Size for Your Platform Event Trigger":
 * https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_trigger_config.htm).
 * Sharing and permissions are not enforced by the local runtime, so the user changes who the code runs as,
 * not what it can see.
 */
import type { ApexDataLayer, RunningUser } from './data-layer.js';

/** `base` answering as `user()` (when it gives null: as `base`'s own user). */
export function actingAs(base: ApexDataLayer, user: () => RunningUser | null): ApexDataLayer {
  return {
    query: (soql, binds) => base.query(soql, binds),
    ...(base.search
      ? {
          search: (sosl: string, binds: Readonly<Record<string, unknown>>, ids?: readonly string[]) =>
            base.search!(sosl, binds, ids)
        }
      : {}),
    dml: (op, records, options) => {
      const u = user();
      return base.dml(op, records, u ? { ...options, userId: u.id } : options);
    },
    ...(base.mergeInto
      ? {
          mergeInto: (type: string, masterId: string, ids: readonly string[]) => base.mergeInto!(type, masterId, ids)
        }
      : {}),
    describe: (type) => base.describe(type),
    ...(base.sObjectTypes ? { sObjectTypes: () => base.sObjectTypes!() } : {}),
    customMetadata: (type) => base.customMetadata(type),
    ...(base.staticResource ? { staticResource: (name: string) => base.staticResource!(name) } : {}),
    ...(base.customLabel ? { customLabel: (name: string) => base.customLabel!(name) } : {}),
    currentUser: () => user() ?? base.currentUser(),
    runInTransaction: (body) => base.runInTransaction(body),
    setSavepoint: () => base.setSavepoint(),
    rollbackToSavepoint: (sp) => base.rollbackToSavepoint(sp)
  };
}
