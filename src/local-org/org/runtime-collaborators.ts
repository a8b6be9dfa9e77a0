/**
 * What the org hands the Apex runtime (`new ApexRuntime(collaborators)`): the store-backed data layer,
 * the org clock, the permission host and, for code that runs in the org proper, the asynchronous job host
 * and the callout host. Everything the runtime touches of the org is visible here.
 */
import type { ApexClock, RuntimeCollaborators } from '../apex/collaborators.js';
import type { AsyncHost } from '../apex/async/index.js';
import type { CalloutHost } from '../apex/callouts/index.js';
import type { EventBusHost } from '../apex/events/index.js';
import type { Store } from '../store/store.js';
import { createStoreDataLayer, type DataLayerOptions } from './apex-data-layer.js';
import { createPermissionHost } from './permissions.js';

/** The org clock as the runtime sees it (the store's Clock: settable, freezable, in the org time zone). */
export function storeClock(store: Store): ApexClock {
  return { now: () => store.clock.now().getTime(), orgTimeZone: () => store.clock.timeZone };
}

export interface OrgCollaboratorOptions extends DataLayerOptions {
  readonly async?: AsyncHost;
  readonly callouts?: CalloutHost;
  readonly events?: EventBusHost;
}

export function orgCollaborators(store: Store, opts: OrgCollaboratorOptions = {}): RuntimeCollaborators {
  return {
    data: createStoreDataLayer(store, opts),
    clock: storeClock(store),
    permissions: createPermissionHost(store),
    async: opts.async,
    callouts: opts.callouts,
    events: opts.events
  };
}
