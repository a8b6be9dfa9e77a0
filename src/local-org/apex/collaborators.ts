/**
 * What the Apex runtime receives from the org that hosts it, explicitly, at construction
 * (`new ApexRuntime({ data, clock, async, callouts, permissions })`): no module-level registries. The
 * optional collaborators are capabilities: without one, the feature that needs it fails loudly as "not
 * supported by the local runtime".
 */
import type { AsyncHost } from './async/context.js';
import type { CalloutHost } from './callouts/http.js';
import type { ApexDataLayer } from './data-layer.js';
import type { EventBusHost } from './events/host.js';
import type { PermissionHost } from './library/feature-management.js';

/** The org clock: "now" and the org's default time zone (Date/Datetime use it when the user has none). */
export interface ApexClock {
  /** Epoch milliseconds (the local org's clock can be set, frozen and advanced). */
  now(): number;
  /** IANA time-zone id. */
  orgTimeZone(): string;
}

export interface RuntimeCollaborators {
  /** Records: SOQL, DML, describe, custom metadata, the running user, transactions and savepoints. */
  readonly data: ApexDataLayer;
  readonly clock: ApexClock;
  /** Stores and runs batch, queueable and scheduled jobs (Database.executeBatch, System.enqueueJob, System.schedule). */
  readonly async?: AsyncHost;
  /** Performs Http.send (named credentials, the org's own API through its transport, external fixtures). */
  readonly callouts?: CalloutHost;
  /** Answers FeatureManagement.checkPermission. */
  readonly permissions?: PermissionHost;
  /** The org's event bus: EventBus.publish stores events there, and it delivers them to subscribers. */
  readonly events?: EventBusHost;
}
