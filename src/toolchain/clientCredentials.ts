/**
 * The external client app's consumer key and secret, read back from the org after phase 1 instead
 * of being pasted: a Metadata API retrieve of its ExtlClntAppGlobalOauthSettings returns them
 * ("verify ... that the global settings file includes an OAuth consumer key and secret",
 * https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.deploy_external_client_app_with_global_settings_file.htm)
 * when the org allows it: the setting "Allow Access to OAuth Consumer Secrets via Metadata API" and
 * the user permission "View External Client Apps Consumer Secrets in Metadata"
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm).
 * The retrieve is read in memory (jsforce's retrieve + checkRetrieveStatus, the zip decoded here):
 * the secret is never written to disk or to source, and never printed.
 */
import type { Connection } from '@salesforce/core';
import JSZip from 'jszip';
import { ConfigurationError } from './errors.js';
import { NAMES } from './names.js';

export type ClientCredentials = { consumerKey: string; consumerSecret: string };

const element = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1]?.trim();

/** Reads the key and secret out of a retrieve zip (base64); undefined when the file or values are absent. */
export async function credentialsFromZip(zipBase64: string): Promise<ClientCredentials | undefined> {
  const zip = await JSZip.loadAsync(Buffer.from(zipBase64, 'base64'));
  const file = Object.values(zip.files).find((f) =>
    f.name.endsWith(`extlClntAppGlobalOauthSets/${NAMES.globalOauthSettings}.ecaGlblOauth`)
  );
  if (!file) return undefined;
  const xml = await file.async('string');
  const consumerKey = element(xml, 'consumerKey');
  const consumerSecret = element(xml, 'consumerSecret');
  return consumerKey && consumerSecret ? { consumerKey, consumerSecret } : undefined;
}

type RetrieveOutcome = { done?: boolean | string; zipFile?: string; messages?: unknown };

/** The first wait before checking the retrieve again; each next wait doubles, up to RETRIEVE_POLL_MAX_MS. */
export const RETRIEVE_FIRST_POLL_MS = 100;
export const RETRIEVE_POLL_MAX_MS = 1000;

/** The retrieve itself (tests answer it at jsforce's MetadataApi, as the org would). */
export const clientCredentialsApi = {
  /**
   * Starts the retrieve, then checks its status at once and again after 0.1, 0.2, 0.4 s and then every
   * second (jsforce's `complete()` would wait a whole `pollInterval` before its first check, though a
   * retrieve of one small component is usually done by then).
   * @throws Error when it is not done after `waitMs`
   */
  async retrieve(connection: Connection, apiVersion: string, waitMs: number): Promise<ClientCredentials | undefined> {
    const request = {
      apiVersion,
      singlePackage: false,
      unpackaged: {
        types: [{ name: 'ExtlClntAppGlobalOauthSettings', members: [NAMES.globalOauthSettings] }],
        version: apiVersion
      }
    };
    // jsforce types the request after the Package metadata type (every field required); the SOAP
    // body only needs these.
    type Request = Parameters<typeof connection.metadata.retrieve>[0];
    const started = await connection.metadata.retrieve(request as unknown as Request);
    const deadline = Date.now() + waitMs;
    for (let wait = RETRIEVE_FIRST_POLL_MS; ; wait = Math.min(wait * 2, RETRIEVE_POLL_MAX_MS)) {
      const result = (await connection.metadata.checkRetrieveStatus(started.id)) as RetrieveOutcome;
      if (String(result.done) === 'true') return result.zipFile ? credentialsFromZip(result.zipFile) : undefined;
      if (Date.now() >= deadline)
        throw new Error(
          `the retrieve ${started.id} of the client app's global OAuth settings is not done after ${waitMs} ms`
        );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
};

/**
 * Fills DATED_RATES_CONSUMER_KEY/SECRET in `env` from the org when they are not set.
 * @returns `env` (already set), `org` (read back now) or `missing` (the app is not in the org, or
 * the org does not hand the secret out)
 */
export async function fillClientCredentials(
  connection: Connection,
  env: Record<string, string | undefined>,
  apiVersion: string,
  waitMs: number
): Promise<'env' | 'org' | 'missing'> {
  if (env[NAMES.consumerKeyEnv] && env[NAMES.consumerSecretEnv]) return 'env';
  let found: ClientCredentials | undefined;
  try {
    found = await clientCredentialsApi.retrieve(connection, apiVersion, waitMs);
  } catch {
    // e.g. INSUFFICIENT_ACCESS without the permission: the caller explains both ways forward
    found = undefined;
  }
  if (!found) return 'missing';
  env[NAMES.consumerKeyEnv] = found.consumerKey;
  env[NAMES.consumerSecretEnv] = found.consumerSecret;
  return 'org';
}

/** What to do when the org does not return the key and secret after phase 1. */
export function credentialsNotReturned(deployId: string): ConfigurationError {
  return new ConfigurationError(
    `The external client app is deployed (deploy ${deployId}), but the org did not return its consumer key and secret through the Metadata API.`,
    [
      'Either allow it: Setup > External Client App Settings > "Allow access to External Client App consumer secrets via Metadata API", and give your user "View External Client Apps Consumer Secrets in Metadata"; then run setup again.',
      `Or copy them by hand: Setup > External Client App Manager > ${NAMES.externalClientApp} > Settings > OAuth Settings > Consumer Key and Secret, into .env as ${NAMES.consumerKeyEnv} and ${NAMES.consumerSecretEnv}; then run setup again.`
    ]
  );
}
