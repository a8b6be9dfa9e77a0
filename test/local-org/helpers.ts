/** Shared helpers for the local org's HTTP tests: raw requests with the org's token. */
import { AuthInfo, Connection } from '@salesforce/core';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { SalesforceError } from '../../src/local-org/store/index.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function call(
  org: LocalOrg,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<Reply> {
  const init: RequestInit = {
    method,
    headers: {
      Authorization: `Bearer ${org.accessToken}`,
      ...(body !== undefined && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : {}),
      ...headers
    },
    redirect: 'manual'
  };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${org.instanceUrl}${path}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The first error code of a Salesforce error array body. */
export function errorCode(r: Reply): string | undefined {
  return Array.isArray(r.json) ? (r.json[0] as { errorCode?: string })?.errorCode : undefined;
}

/** A @salesforce/core Connection to the org with its access token, as `sf org login access-token` makes one. */
export async function connectTo(org: LocalOrg): Promise<Connection> {
  const authInfo = await AuthInfo.create({
    accessTokenOptions: { accessToken: org.accessToken, instanceUrl: org.instanceUrl, loginUrl: org.instanceUrl }
  });
  return Connection.create({ authInfo });
}

export interface OrgUnderTest {
  readonly org: LocalOrg;
  readonly conn: Connection;
}

/**
 * One local org for the enclosing mocha suite: started, connected and prepared (`prepare`: deploy what the
 * tests need) before its tests, stopped after them. Read `org` and `conn` inside hooks and tests.
 */
export function useLocalOrg(prepare?: (org: LocalOrg, conn: Connection) => Promise<void>): OrgUnderTest {
  const state: { org?: LocalOrg; conn?: Connection } = {};
  before(async () => {
    state.org = await startLocalOrg();
    state.conn = await connectTo(state.org);
    await prepare?.(state.org, state.conn);
  });
  after(() => state.org?.stop());
  return {
    get org() {
      return state.org!;
    },
    get conn() {
      return state.conn!;
    }
  };
}

/** The SalesforceError that `fn` throws (any other outcome fails the test). */
export function errorOf(fn: () => unknown): SalesforceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SalesforceError) return e;
    throw e;
  }
  throw new Error('expected a SalesforceError');
}
