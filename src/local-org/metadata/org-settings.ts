/**
 * The org's settings (Metadata API `Settings` types, e.g. `DeploymentSettings` named `Deployment`), as a
 * real org exposes them: every org has them, so `readMetadata` answers the org's values (a new org's
 * defaults, overridden by what was deployed in `settings/<Name>.settings`).
 *
 * Modelled settings and their defaults in the local org:
 * - `ExternalClientAppSettings` (`ExternalClientApp`): `enableExternalClientApps` true, and
 *   `enableConsumerSecretApiAccess` true — the Setup option "Allow access to External Client App consumer
 *   secrets via Metadata API" (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_externalclientappsettings.htm,
 *   https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.shr_external_client_app_settings_metadata_secrets_protection.htm).
 *   On by default here (as this project's scratch definition sets it) so a new local org lets setup read
 *   the generated secret back; deploy it as false to get an org that withholds it: a retrieve of
 *   `ExtlClntAppGlobalOauthSettings` then carries no `consumerKey`/`consumerSecret`.
 * - `DeploymentSettings` (`Deployment`): `doesSkipAsyncApexValidation` false (deploy-rules.ts).
 */
import type { Store } from '../store/store.js';
import { getMetadata } from './registry.js';

const DEFAULTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ExternalClientApp: { enableConsumerSecretApiAccess: 'true', enableExternalClientApps: 'true' },
  Deployment: { doesSkipAsyncApexValidation: 'false' }
};

/** Thrown for a settings type the local org does not model (the caller answers INVALID_TYPE-like faults). */
export class UnmodelledSettingsError extends Error {
  constructor(readonly type: string) {
    super(
      `not supported by the local runtime: readMetadata of ${type} (the local org models ${Object.keys(DEFAULTS)
        .map((n) => `${n}Settings`)
        .join(', ')} and deployed settings)`
    );
    this.name = 'UnmodelledSettingsError';
  }
}

function stringValues(content: unknown): Record<string, string> {
  if (typeof content !== 'object' || content === null) return {};
  return Object.fromEntries(
    Object.entries(content as Record<string, unknown>)
      .filter(
        ([k, v]) => !k.startsWith('@_') && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      )
      .map(([k, v]) => [k, String(v)])
  );
}

/** The values of the settings `name` (e.g. `ExternalClientApp`): defaults overridden by the deployed file. */
export function readOrgSettings(store: Store, name: string): Record<string, string> {
  const deployed = getMetadata(store, 'Settings', name);
  if (!deployed && !(name in DEFAULTS)) throw new UnmodelledSettingsError(`${name}Settings`);
  return { ...(DEFAULTS[name] ?? {}), ...stringValues(deployed?.content) };
}

/** Whether a Metadata API retrieve hands out external client apps' consumer keys and secrets. */
export function consumerSecretsExposed(store: Store): boolean {
  return readOrgSettings(store, 'ExternalClientApp').enableConsumerSecretApiAccess === 'true';
}

/** The global OAuth settings file without its consumer key and secret (what the org returns with the setting off). */
export function withoutConsumerSecrets(xml: string): string {
  return xml.replace(/[ \t]*<(consumerKey|consumerSecret)>[^<]*<\/\1>\r?\n?/g, '');
}
