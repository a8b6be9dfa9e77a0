/**
 * The first deploy to a new org comes in two phases, because the external client app's consumer
 * key and secret only exist once the app is deployed (docs/metadata.md, "Deploying to a real
 * org"): phase `client-app` deploys the external client app alone (no Apex);
 * phase `all` deploys the whole project once the key and secret are in .env.
 */
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import type { Replacement } from './project.js';

/**
 * `currency-settings` is not part of a first deploy: it deploys `org-settings/` (Currency.settings,
 * which turns on multi-currency, irreversibly) and runs only as the confirmed setup step.
 */
export type DeployPhase = 'all' | 'client-app' | 'currency-settings';

/**
 * Where the org-wide currency settings live: outside every package directory, so that a plain
 * `sf project deploy start` of the project never deploys them. CurrencySettings:
 * "enableMultiCurrency ... Once set to true, this field can't be set to false."
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_currencysettings.htm
 */
export const ORG_SETTINGS_DIR = 'org-settings';

/**
 * The only metadata types of the `client-app` phase: the external client app and its settings and
 * policies. Nothing else, and in particular no Apex, so that the phase deploys to a production org
 * without tests (orgType.ts).
 */
export const CLIENT_APP_TYPES = [
  'ExternalClientApplication',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies'
];

/** The source folders of CLIENT_APP_TYPES (SDR's registry). */
export const CLIENT_APP_DIRS = [
  'externalClientApps',
  'extlClntAppGlobalOauthSets',
  'extlClntAppOauthSettings',
  'extlClntAppOauthPolicies',
  'extlClntAppPolicies'
];

const CLIENT_APP_DIR = new RegExp(`(^|/)(${CLIENT_APP_DIRS.join('|')})/`);

/** Replacements that apply in a phase: single-file replacements of excluded folders drop out. */
export function replacementsFor(replacements: Replacement[], phase: DeployPhase): Replacement[] {
  if (phase === 'all') return replacements;
  if (phase === 'currency-settings') return [];
  return replacements.filter((r) => !r.filename || CLIENT_APP_DIR.test(r.filename));
}

/** The components of a phase (the same set for `all`). */
export function componentsFor(components: ComponentSet, phase: DeployPhase): ComponentSet {
  if (phase === 'all') return components;
  const kept = components.getSourceComponents().filter((c) => CLIENT_APP_TYPES.includes(c.type.name));
  const set = new ComponentSet(kept.toArray());
  set.projectDirectory = components.projectDirectory;
  set.sourceApiVersion = components.sourceApiVersion;
  return set;
}
