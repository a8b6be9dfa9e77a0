/**
 * The OAuth client apps the local org knows, as an org knows its connected apps and external client
 * apps: a consumer key, a consumer secret (optional for some), and the registered callback URLs.
 *
 * - Built in: `PlatformCLI`, the Salesforce CLI's client (@salesforce/core's DEFAULT_CONNECTED_APP_INFO:
 *   no secret), with the CLI's web-login callback http://localhost:1717/OauthRedirect.
 * - Deployed external client apps (ExtlClntAppGlobalOauthSettings: `callbackUrl`, and `consumerKey` /
 *   `consumerSecret` when the deployed file carries them) and connected apps (ConnectedApp `oauthConfig`).
 * - Deployed Auth Providers of type Salesforce that point at this org: in an org their consumer key and
 *   secret are those of a client app of the target org, which the platform generated. The local org
 *   cannot hand out generated keys, so it registers the provider's own key and secret as that client,
 *   with the provider's callback `<instance>/services/authcallback/<DeveloperName>` plus the callback
 *   URLs of the deployed external client apps.
 *
 * Error codes: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm
 */
import { listMetadata } from '../metadata/registry.js';
import { text } from '../metadata/xml.js';
import type { Store } from '../store/store.js';

export interface OAuthClient {
  clientId: string;
  /** Undefined: the client has no secret (public client such as the CLI). */
  secret?: string;
  callbacks: string[];
  /** Where the registration comes from, for error messages. */
  source: string;
}

export const CLI_CLIENT_ID = 'PlatformCLI';
export const CLI_CALLBACK = 'http://localhost:1717/OauthRedirect';

function callbackList(value: unknown): string[] {
  return (text(value) ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every client app of the org, built-in first. */
export function listOAuthClients(store: Store, instanceUrl: string): OAuthClient[] {
  const clients: OAuthClient[] = [
    { clientId: CLI_CLIENT_ID, callbacks: [CLI_CALLBACK], source: 'the sf CLI (built in)' }
  ];
  const ecaCallbacks: string[] = [];
  for (const c of listMetadata(store, 'ExtlClntAppGlobalOauthSettings')) {
    const x = (c.content ?? {}) as Record<string, unknown>;
    const callbacks = callbackList(x.callbackUrl);
    ecaCallbacks.push(...callbacks);
    const key = text(x.consumerKey);
    if (key)
      clients.push({
        clientId: key,
        secret: text(x.consumerSecret),
        callbacks,
        source: `external client app ${c.fullName}`
      });
  }
  for (const c of listMetadata(store, 'ConnectedApp')) {
    const o = ((c.content ?? {}) as Record<string, unknown>).oauthConfig as Record<string, unknown> | undefined;
    const key = text(o?.consumerKey);
    if (key)
      clients.push({
        clientId: key,
        secret: text(o?.consumerSecret),
        callbacks: callbackList(o?.callbackUrl),
        source: `connected app ${c.fullName}`
      });
  }
  for (const c of listMetadata(store, 'AuthProvider')) {
    const x = (c.content ?? {}) as Record<string, unknown>;
    const key = text(x.consumerKey);
    const tokenUrl = text(x.tokenUrl) ?? '';
    if (!key || text(x.providerType) !== 'Salesforce') continue;
    if (tokenUrl && !tokenUrl.startsWith(`${instanceUrl}/`)) continue;
    clients.push({
      clientId: key,
      secret: text(x.consumerSecret) ?? '',
      callbacks: [`${instanceUrl}/services/authcallback/${c.fullName}`, ...ecaCallbacks],
      source: `auth provider ${c.fullName}`
    });
  }
  return clients;
}

/** The registrations for a consumer key (several deployed apps may share one). */
export function findOAuthClients(store: Store, instanceUrl: string, clientId: string | null): OAuthClient[] {
  if (!clientId) return [];
  return listOAuthClients(store, instanceUrl).filter((c) => c.clientId === clientId);
}

/** True when `redirect` is one of the callbacks (exact match, as the platform compares them). */
export function callbackMatches(clients: OAuthClient[], redirect: string): boolean {
  return clients.some((c) => c.callbacks.includes(redirect));
}

/** True when the secret matches a registration; a secret-less client needs no secret (and refuses one that is wrong). */
export function secretMatches(clients: OAuthClient[], secret: string | null): boolean {
  return clients.some((c) => (c.secret === undefined ? !secret : c.secret === (secret ?? '')));
}
