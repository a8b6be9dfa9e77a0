import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, errorCode } from './helpers.js';

describe('local org OAuth and control API', () => {
  let org: LocalOrg;
  const v = '/services/data/v65.0';
  const control = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${org.instanceUrl}/__local/${route}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const form = (params: Record<string, string>) =>
    fetch(`${org.instanceUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params)
    });

  beforeEach(async () => {
    org = await startLocalOrg({ clock: { now: '2026-06-15T10:00:00Z', timeZone: 'Europe/Paris' } });
  });
  afterEach(() => org.stop());

  it('runs the authorization-code flow, refreshes, and serves userinfo', async () => {
    const auth = await fetch(
      `${org.instanceUrl}/services/oauth2/authorize?response_type=code&client_id=PlatformCLI&redirect_uri=${encodeURIComponent('http://localhost:1717/OauthRedirect')}&state=xyz`,
      { redirect: 'manual' }
    );
    expect(auth.status).to.equal(302);
    const location = new URL(auth.headers.get('location')!);
    expect([location.origin + location.pathname, location.searchParams.get('state')]).to.deep.equal([
      'http://localhost:1717/OauthRedirect',
      'xyz'
    ]);
    const tokenRes = await form({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code')!,
      client_id: 'PlatformCLI',
      redirect_uri: 'http://localhost:1717/OauthRedirect'
    });
    const tokens = (await tokenRes.json()) as {
      access_token: string;
      refresh_token: string;
      instance_url: string;
      id: string;
    };
    expect(tokens.access_token).to.match(new RegExp(`^${org.orgId.slice(0, 15)}!`));
    expect(tokens.instance_url).to.equal(org.instanceUrl);
    const replay = await form({
      grant_type: 'authorization_code',
      client_id: 'PlatformCLI',
      code: location.searchParams.get('code')!,
      redirect_uri: 'http://localhost:1717/OauthRedirect'
    });
    expect([replay.status, ((await replay.json()) as { error: string }).error]).to.deep.equal([400, 'invalid_grant']);
    const refreshed = (await (
      await form({ grant_type: 'refresh_token', client_id: 'PlatformCLI', refresh_token: tokens.refresh_token })
    ).json()) as { access_token: string };
    const info = await fetch(`${org.instanceUrl}/services/oauth2/userinfo`, {
      headers: { Authorization: `Bearer ${refreshed.access_token}` }
    });
    expect(await info.json()).to.deep.include({
      user_id: org.userId,
      organization_id: org.orgId,
      preferred_username: org.username
    });
    expect(((await (await form({ grant_type: 'password' })).json()) as { error: string }).error).to.equal(
      'unsupported_grant_type'
    );
  });

  it('revokes refresh and access tokens', async () => {
    expect((await control('POST', 'revoke', { kind: 'refresh' })).json.revoked).to.be.greaterThan(0);
    const r = await form({ grant_type: 'refresh_token', client_id: 'PlatformCLI', refresh_token: org.refreshToken });
    expect([r.status, ((await r.json()) as { error: string }).error]).to.deep.equal([400, 'invalid_grant']);
    expect((await call(org, 'GET', `${v}/limits`)).status).to.equal(200);
    await control('POST', 'revoke', { token: org.accessToken });
    expect(errorCode(await call(org, 'GET', `${v}/limits`))).to.equal('INVALID_SESSION_ID');
  });

  it('sets and advances the clock; TODAY follows the org time zone', async () => {
    expect((await control('GET', 'status')).json).to.deep.include({ today: '2026-06-15', timeZone: 'Europe/Paris' });
    const set = await control('POST', 'clock', { set: '2026-06-15T22:30:00Z' });
    expect(set.json.today).to.equal('2026-06-16');
    const adv = await control('POST', 'clock', { advanceDays: 2 });
    expect(adv.json.today).to.equal('2026-06-18');
    expect(errorCode(await call(org, 'GET', `${v}/limits`)), 'tokens expire on the org clock').to.equal(
      'INVALID_SESSION_ID'
    );
    org.accessToken = (await control('POST', 'token')).json.accessToken as string;
    await call(org, 'POST', `${v}/sobjects/DatedConversionRate`, {
      IsoCode: 'EUR',
      ConversionRate: 0.9,
      StartDate: '2026-06-18'
    });
    const q = await call(
      org,
      'GET',
      `${v}/query?q=${encodeURIComponent("SELECT StartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' AND StartDate = TODAY")}`
    );
    expect((q.json as { records: { StartDate: string }[] }).records.map((x) => x.StartDate)).to.deep.equal([
      '2026-06-18'
    ]);
    expect((await control('POST', 'clock', { timeZone: 'Mars/Olympus' })).status).to.equal(400);
  });

  it('injects faults: status and body for the next N matching requests, delays and dropped connections', async () => {
    await control('POST', 'faults', {
      method: 'GET',
      path: `${v}/limits`,
      count: 2,
      status: 503,
      body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }]
    });
    expect((await call(org, 'GET', `${v}/limits`)).status).to.equal(503);
    expect(errorCode(await call(org, 'GET', `${v}/limits`))).to.equal('SERVER_UNAVAILABLE');
    expect((await call(org, 'GET', `${v}/limits`)).status).to.equal(200);
    await control('POST', 'faults', { path: '/^\\/services\\/data\\/v\\d+\\.0\\/query/', drop: true });
    let dropped = false;
    try {
      await call(org, 'GET', `${v}/query?q=SELECT+Id+FROM+User`);
    } catch {
      dropped = true;
    }
    expect(dropped).to.equal(true);
    await control('POST', 'faults', { path: `${v}/limits`, delayMs: 300, status: 500 });
    const t0 = Date.now();
    expect((await call(org, 'GET', `${v}/limits`)).status).to.equal(500);
    expect(Date.now() - t0).to.be.at.least(280);
    expect((await control('POST', 'faults', { count: 1 })).status).to.equal(400);
  });

  it('resets to a fresh seed, or to a given seed, and invalidates old sessions', async () => {
    await call(org, 'POST', `${v}/sobjects/DatedConversionRate`, {
      IsoCode: 'EUR',
      ConversionRate: 0.9,
      StartDate: '2040-01-01'
    });
    org.store.defineObject({ ...org.store.object('Profile'), name: 'Thing__c', keyPrefix: 'a00', custom: true });
    expect((await call(org, 'GET', `${v}/sobjects/Thing__c/describe`)).status).to.equal(200);
    const reset = await control('POST', 'reset');
    expect(reset.json.orgId).to.not.equal(org.orgId);
    expect(errorCode(await call(org, 'GET', `${v}/limits`))).to.equal('INVALID_SESSION_ID');
    org.accessToken = reset.json.accessToken as string;
    expect(errorCode(await call(org, 'GET', `${v}/sobjects/Thing__c/describe`)), 'deployed objects are gone').to.equal(
      'NOT_FOUND'
    );
    const q2040 = encodeURIComponent('SELECT COUNT() FROM DatedConversionRate WHERE StartDate = 2040-01-01');
    expect(((await call(org, 'GET', `${v}/query?q=${q2040}`)).json as { totalSize: number }).totalSize).to.equal(0);
    const seeded = await control('POST', 'seed', {
      corporate: 'EUR',
      currencies: [
        { isoCode: 'EUR', conversionRate: 1 },
        { isoCode: 'CHF', conversionRate: 0.95 }
      ]
    });
    org.accessToken = seeded.json.accessToken as string;
    const q = await call(
      org,
      'GET',
      `${v}/query?q=${encodeURIComponent('SELECT IsoCode, IsCorporate FROM CurrencyType')}`
    );
    expect(
      (q.json as { records: unknown[] }).records.map((r) => (r as { IsoCode: string }).IsoCode).sort()
    ).to.deep.equal(['CHF', 'EUR']);
  });
});
