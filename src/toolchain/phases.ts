/**
 * The first deploy to a new org comes in two phases, because the external client app's consumer
 * key and secret only exist once the app is deployed (docs/metadata.md, "Deploying to a real
 * org"): phase `client-app` deploys everything except the auth provider and what depends on it;
 * phase `all` deploys the whole project once the key and secret are in .env.
 */
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import type { Replacement } from './project.js';

export type DeployPhase = 'all' | 'client-app';

/** Metadata types left out of the `client-app` phase (the auth provider and its dependants). */
export const CLIENT_APP_EXCLUDED_TYPES = ['AuthProvider', 'ExternalCredential', 'NamedCredential', 'PermissionSet'];

const EXCLUDED_DIRS = /(^|\/)(authproviders|externalCredentials|namedCredentials|permissionsets)\//;

/** Replacements that apply in a phase: single-file replacements of excluded folders drop out. */
export function replacementsFor(replacements: Replacement[], phase: DeployPhase): Replacement[] {
  if (phase === 'all') return replacements;
  return replacements.filter((r) => !(r.filename && EXCLUDED_DIRS.test(r.filename)));
}

/** The components of a phase (the same set for `all`). */
export function componentsFor(components: ComponentSet, phase: DeployPhase): ComponentSet {
  if (phase === 'all') return components;
  const kept = components.getSourceComponents().filter((c) => !CLIENT_APP_EXCLUDED_TYPES.includes(c.type.name));
  const set = new ComponentSet(kept.toArray());
  set.projectDirectory = components.projectDirectory;
  set.sourceApiVersion = components.sourceApiVersion;
  return set;
}
