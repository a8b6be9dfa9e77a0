/**
 * Bringing the External Credential's named principal to an authenticated state.
 *
 * The URL an admin opens comes from the Connect REST API resource
 * `POST /named-credentials/credential/auth-url/o-auth` (the same URL the principal's
 * "Authenticate" action in Setup starts):
 * https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/connect_resources_named_credentials_external_credential_oauth.htm
 * When that resource is unavailable, the Named Credentials Setup page is printed with the
 * clicks to make. Readiness is proven by a callout through the Named Credential from
 * anonymous Apex returning 200 from an authenticated resource, `GET /services/data/vNN.0` (as
 * DatedRateConnectionCheck does). `GET /services/data` (the versions list) needs no session at
 * all, so a 200 from it proves nothing about the principal's token
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-versions.md; the versioned
 * root needs "Authorization: Bearer token": .../guide/resources-discoveryresource.md).
 */
import type { Connection } from '@salesforce/core';
import { executeAnonymous, readMarker } from './apex.js';
import { TimeoutError } from './errors.js';
import { NAMES } from './names.js';
import type { Ux } from './output.js';
import type { Clock } from './context.js';

export const CALLOUT_MARKER = 'DATED_RATES_CALLOUT';

export type CalloutCheck = { status: number; error?: string; body?: string };

/** The API version the probe asks for when the connection has none. */
export const DEFAULT_PROBE_API_VERSION = '65.0';

/**
 * Anonymous Apex: GET callout:<NamedCredential>/services/data/v<apiVersion> (a resource that needs
 * a valid session), result as JSON in the log.
 */
export function calloutCheckApex(apiVersion: string = DEFAULT_PROBE_API_VERSION): string {
  if (!/^\d{2,3}\.0$/.test(apiVersion)) throw new Error(`not an API version: ${apiVersion}`);
  return [
    'Map<String, Object> outcome = new Map<String, Object>();',
    'try {',
    '    HttpRequest req = new HttpRequest();',
    `    req.setEndpoint('callout:${NAMES.namedCredential}/services/data/v${apiVersion}');`,
    "    req.setMethod('GET');",
    '    req.setTimeout(20000);',
    '    HttpResponse res = new Http().send(req);',
    "    outcome.put('status', res.getStatusCode());",
    "    outcome.put('body', res.getBody() == null ? '' : res.getBody().left(300));",
    '} catch (Exception e) {',
    "    outcome.put('status', 0);",
    "    outcome.put('error', e.getTypeName() + ': ' + e.getMessage());",
    '}',
    `System.debug('${CALLOUT_MARKER}=' + JSON.serialize(outcome));`
  ].join('\n');
}

/** Makes the test callout and reads its outcome from the debug log. */
export async function checkCallout(connection: Connection): Promise<CalloutCheck> {
  const { logs } = await executeAnonymous(
    connection,
    calloutCheckApex(connection.getApiVersion()),
    'The test callout through the Named Credential'
  );
  const raw = readMarker(logs, CALLOUT_MARKER);
  if (!raw) return { status: 0, error: `no ${CALLOUT_MARKER} line in the debug log` };
  try {
    const parsed = JSON.parse(raw) as { status?: number; error?: string; body?: string };
    return { status: Number(parsed.status ?? 0), error: parsed.error, body: parsed.body };
  } catch {
    return { status: 0, error: `unreadable callout result: ${raw.slice(0, 200)}` };
  }
}

export type AuthUrl = { url: string; direct: boolean; instructions: string[] };

/** The Setup page listing the External Credential, used when no direct URL is available. */
export function setupUrl(connection: Connection): string {
  return `${connection.instanceUrl.replace(/\/+$/, '')}/lightning/setup/NamedCredential/home`;
}

/** Asks the org for the OAuth URL of the named principal; falls back to the Setup page. */
export async function principalAuthUrl(connection: Connection): Promise<AuthUrl> {
  try {
    const response = await connection.request<{ authenticationUrl?: string }>({
      method: 'POST',
      url: `${connection.baseUrl()}/named-credentials/credential/auth-url/o-auth`,
      body: JSON.stringify({
        externalCredential: NAMES.externalCredential,
        principalName: NAMES.namedPrincipal,
        principalType: 'NamedPrincipal',
        returnUrl: 'lightning/setup/NamedCredential/home'
      }),
      headers: { 'content-type': 'application/json' }
    });
    if (response?.authenticationUrl) {
      return {
        url: response.authenticationUrl,
        direct: true,
        instructions: ['Open this URL in a browser, logged in to the org as an admin, and allow access:']
      };
    }
  } catch {
    // fall through to the Setup page
  }
  return {
    url: setupUrl(connection),
    direct: false,
    instructions: [
      'Open this Setup page in a browser, logged in to the org as an admin:',
      `then External Credentials > ${NAMES.externalCredential} > Principals > ${NAMES.namedPrincipal} > Actions > Authenticate, and allow access.`
    ]
  };
}

export type PrincipalOutcome = {
  authenticated: boolean;
  alreadyAuthenticated: boolean;
  url?: string;
  lastCheck: CalloutCheck;
};

/**
 * Checks the callout; when it is not 200, prints the authentication URL and polls until it is
 * (or until the timeout; 0 means print and return).
 * @throws TimeoutError when the principal is still not authenticated after `timeoutMs`
 */
export async function ensurePrincipal(
  connection: Connection,
  options: { ux: Ux; clock: Clock; timeoutMs: number; intervalMs?: number }
): Promise<PrincipalOutcome> {
  const { ux, clock } = options;
  let check = await checkCallout(connection);
  if (check.status === 200) return { authenticated: true, alreadyAuthenticated: true, lastCheck: check };
  const auth = await principalAuthUrl(connection);
  ux.log(`Named principal ${NAMES.namedPrincipal} is not authenticated yet (test callout: ${describeCheck(check)}).`);
  ux.log(auth.instructions[0]);
  ux.log(`  ${auth.url}`);
  for (const line of auth.instructions.slice(1)) ux.log(line);
  if (options.timeoutMs <= 0) {
    ux.warn('Not waiting for the named principal (--skip-auth): run setup again after authenticating.');
    return { authenticated: false, alreadyAuthenticated: false, url: auth.url, lastCheck: check };
  }
  const interval = options.intervalMs ?? 5000;
  const deadline = clock.now() + options.timeoutMs;
  while (clock.now() < deadline) {
    const left = Math.max(0, Math.round((deadline - clock.now()) / 1000));
    ux.progress(
      `Waiting for the named principal to be authenticated... ${left}s left (last callout: ${describeCheck(check)})`
    );
    await clock.sleep(interval);
    check = await checkCallout(connection);
    if (check.status === 200) {
      ux.clearProgress();
      return { authenticated: true, alreadyAuthenticated: false, url: auth.url, lastCheck: check };
    }
  }
  throw new TimeoutError(
    `the named principal ${NAMES.namedPrincipal} to be authenticated`,
    Math.round(options.timeoutMs / 1000),
    [`Open ${auth.url} and authenticate, then run setup again.`, `Last test callout: ${describeCheck(check)}.`]
  );
}

export function describeCheck(check: CalloutCheck): string {
  return check.status ? `HTTP ${check.status}` : (check.error ?? 'failed');
}
