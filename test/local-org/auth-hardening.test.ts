/**
 * OAuth as an org checks it (client ids, secrets, registered callbacks, revoke) and the control API
 * closed (secret or admin token, JSON only, own Host/Origin, --data-dir data kept, 400 changes nothing).
 */
import { expect } from 'chai';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, errorCode } from './helpers.js';

const v = '/services/data/v65.0';
const MD = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

function form(
  org: LocalOrg,
  params: Record<string, string>
): Promise<{ status: number; json: Record<string, string> }> {
  return fetch(`${org.instanceUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params)
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, string> }));
}

function control(
  org: LocalOrg,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret }
): Promise<{ status: number; json: unknown }> {
  return fetch(`${org.instanceUrl}/__local/${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as unknown }));
}

/** Raw request with a chosen Host header (fetch does not let one set Host). */
function withHost(org: LocalOrg, host: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${org.instanceUrl}/__local/status`,
      { headers: { Host: host, 'X-Local-Org-Secret': org.controlSecret, ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }
    );
    req.on('error', reject);
    req.end();
  });
}

async function deployAuthProvider(org: LocalOrg): Promise<void> {
  const z = new JSZip();
  z.file(
    'package.xml',
    `<?xml version="1.0"?><Package ${MD}><types><members>Prov</members><name>AuthProvider</name></types><version>65.0</version></Package>`
  );
  z.file(
    'authproviders/Prov.authprovider',
    `<?xml version="1.0"?><AuthProvider ${MD}><authorizeUrl>${org.instanceUrl}/services/oauth2/authorize</authorizeUrl><consumerKey>app-key</consumerKey><consumerSecret>app-secret</consumerSecret><friendlyName>Prov</friendlyName><providerType>Salesforce</providerType><tokenUrl>${org.instanceUrl}/services/oauth2/token</tokenUrl></AuthProvider>`
  );
  const zip = (await z.generateAsync({ type: 'nodebuffer' })).toString('base64');
  const env = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${org.accessToken}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><deploy ${MD}><ZipFile>${zip}</ZipFile></deploy></soapenv:Body></soapenv:Envelope>`;
  const r = await call(org, 'POST', '/services/Soap/m/65.0', env, { 'Content-Type': 'text/xml' });
  expect(r.status).to.equal(200);
}

describe('local org OAuth client checks', () => {
  let org: LocalOrg;
  before(async () => {
    org = await startLocalOrg();
    await deployAuthProvider(org);
  });
  after(() => org.stop());

  const authorize = (clientId: string, redirect: string) =>
    fetch(
      `${org.instanceUrl}/services/oauth2/authorize?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(redirect)}`,
      { redirect: 'manual' }
    );
  const callback = () => `${org.instanceUrl}/services/authcallback/Prov`;

  it('authorize: unknown client → invalid_client_id; unregistered callback → redirect_uri_mismatch', async () => {
    const unknown = await authorize('nobody', callback());
    expect([unknown.status, ((await unknown.json()) as { error: string }).error]).to.deep.equal([
      400,
      'invalid_client_id'
    ]);
    const elsewhere = await authorize('app-key', 'https://attacker.example/cb');
    expect([elsewhere.status, await elsewhere.json()]).to.deep.equal([
      400,
      { error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' }
    ]);
    const ok = await authorize('app-key', callback());
    expect(ok.status).to.equal(302);
  });

  it('token: the code needs its client, its secret and its redirect_uri', async () => {
    const code = async () =>
      new URL((await authorize('app-key', callback())).headers.get('location')!).searchParams.get('code')!;
    const base = { grant_type: 'authorization_code', redirect_uri: callback() };
    expect((await form(org, { ...base, code: await code(), client_id: 'nobody' })).json.error).to.equal(
      'invalid_client_id'
    );
    expect(
      (await form(org, { ...base, code: await code(), client_id: 'app-key', client_secret: 'wrong' })).json
    ).to.deep.equal({ error: 'invalid_client', error_description: 'invalid client credentials' });
    expect(
      (await form(org, { ...base, code: await code(), client_id: 'PlatformCLI' })).json.error,
      'a code issued to another client'
    ).to.equal('invalid_grant');
    expect(
      (
        await form(org, {
          ...base,
          code: await code(),
          client_id: 'app-key',
          client_secret: 'app-secret',
          redirect_uri: `${callback()}/x`
        })
      ).json.error
    ).to.equal('redirect_uri_mismatch');
    const good = await form(org, { ...base, code: await code(), client_id: 'app-key', client_secret: 'app-secret' });
    expect(good.status).to.equal(200);
    const refresh = { grant_type: 'refresh_token', refresh_token: good.json.refresh_token };
    expect((await form(org, { ...refresh, client_id: 'app-key', client_secret: 'wrong' })).json.error).to.equal(
      'invalid_client'
    );
    expect((await form(org, { ...refresh, client_id: 'PlatformCLI' })).json.error).to.equal('invalid_grant');
    expect((await form(org, { ...refresh, client_id: 'app-key', client_secret: 'app-secret' })).status).to.equal(200);
  });

  it('client_credentials: no client → invalid_client_id; a client without a run-as user → invalid_grant', async () => {
    expect((await form(org, { grant_type: 'client_credentials' })).json.error).to.equal('invalid_client_id');
    expect(
      (await form(org, { grant_type: 'client_credentials', client_id: 'app-key', client_secret: 'app-secret' })).json
    ).to.deep.equal({ error: 'invalid_grant', error_description: 'no client credentials user enabled' });
  });

  it('revoke without a token is a 400 and revokes nothing', async () => {
    const other = org.issueAccessToken();
    const r = await fetch(`${org.instanceUrl}/services/oauth2/revoke`, { method: 'POST' });
    expect(r.status).to.equal(400);
    const unknown = await fetch(`${org.instanceUrl}/services/oauth2/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'token=nope'
    });
    expect(unknown.status).to.equal(400);
    expect((await call(org, 'GET', `${v}/limits`)).status).to.equal(200);
    expect((await call({ ...org, accessToken: other }, 'GET', `${v}/limits`)).status).to.equal(200);
    const one = await fetch(`${org.instanceUrl}/services/oauth2/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(other)}`
    });
    expect(one.status).to.equal(200);
    expect(errorCode(await call({ ...org, accessToken: other }, 'GET', `${v}/limits`))).to.equal('INVALID_SESSION_ID');
    expect((await call(org, 'GET', `${v}/limits`)).status).to.equal(200);
  });
});

describe('local org control API protection', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startLocalOrg({ clock: { now: '2026-06-15T10:00:00Z', timeZone: 'UTC', freeze: true } });
  });
  afterEach(() => org.stop());

  it('needs the secret or an admin access token', async () => {
    expect((await control(org, 'GET', 'status', undefined, {})).status).to.equal(401);
    expect((await control(org, 'POST', 'token', {}, { 'Content-Type': 'application/json' })).status).to.equal(401);
    expect(
      (await control(org, 'GET', 'status', undefined, { 'X-Local-Org-Secret': `${org.controlSecret}x` })).status
    ).to.equal(401);
    expect(
      (await control(org, 'GET', 'status', undefined, { Authorization: `Bearer ${org.accessToken}` })).status
    ).to.equal(200);
    expect((await control(org, 'GET', 'status')).status).to.equal(200);
  });

  it('accepts only JSON bodies (a form or text/plain post is a 415 and does nothing)', async () => {
    const before = org.store.orgId;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])
      expect(
        (await control(org, 'POST', 'reset', '{}', { 'Content-Type': type, 'X-Local-Org-Secret': org.controlSecret }))
          .status,
        type
      ).to.equal(415);
    expect(org.store.orgId).to.equal(before);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (CSRF)', async () => {
    const port = new URL(org.instanceUrl).port;
    expect(await withHost(org, `127.0.0.1:${port}`)).to.equal(200);
    expect(await withHost(org, `localhost:${port}`)).to.equal(200);
    expect(await withHost(org, `rebound.attacker.example:${port}`)).to.equal(403);
    expect(await withHost(org, `127.0.0.1:${port}`, { Origin: 'https://attacker.example' })).to.equal(403);
    expect(await withHost(org, `127.0.0.1:${port}`, { Origin: 'null' })).to.equal(403);
    expect(await withHost(org, `127.0.0.1:${port}`, { Origin: org.instanceUrl })).to.equal(200);
  });

  it('a 400 changes nothing: seed with a null record list, an impossible clock date', async () => {
    const orgId = org.store.orgId;
    const objects = org.store.schema.snapshot().length;
    const seeded = await control(org, 'POST', 'seed', { corporate: 'USD', records: { Account: null } });
    expect(seeded.status).to.equal(400);
    expect(JSON.stringify(seeded.json)).to.contain('records.Account');
    const bad = await control(org, 'POST', 'seed', {
      corporate: 'USD',
      currencies: [{ isoCode: 'USD', conversionRate: 1 }],
      records: { Nope__c: [{ Name: 'x' }] }
    });
    expect(bad.status, JSON.stringify(bad.json)).to.equal(400);
    expect([org.store.orgId, org.store.schema.snapshot().length]).to.deep.equal([orgId, objects]);
    expect((await call(org, 'GET', `${v}/limits`)).status, 'sessions survive a refused seed').to.equal(200);
    const now = org.store.clock.now().toISOString();
    for (const body of [
      { set: '2026-02-30T00:00:00Z' },
      { set: '+275760-09-13T00:00:00Z' },
      { timeZone: 'Europe/Paris', set: 'soon' },
      { advanceDays: 1e9 },
      { advanceMs: 'x' }
    ])
      expect((await control(org, 'POST', 'clock', body)).status, JSON.stringify(body)).to.equal(400);
    expect([org.store.clock.now().toISOString(), org.store.clock.timeZone]).to.deep.equal([now, 'UTC']);
    expect((await call(org, 'GET', `${v}/limits`)).status).to.equal(200);
  });
});

describe('local org control API with --data-dir', () => {
  it('drops the data only with {"dropData": true}', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-org-drop-'));
    const org = await startLocalOrg({ dataDir: dir });
    try {
      const orgId = org.orgId;
      const refused = await control(org, 'POST', 'reset', {});
      expect(refused.status).to.equal(400);
      expect(JSON.stringify(refused.json)).to.contain('dropData');
      expect((await control(org, 'POST', 'seed', { corporate: 'USD' })).status).to.equal(400);
      expect(org.store.orgId).to.equal(orgId);
      const done = await control(org, 'POST', 'reset', { dropData: true });
      expect(done.status).to.equal(200);
      expect((done.json as { orgId: string }).orgId).to.not.equal(orgId);
    } finally {
      await org.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
