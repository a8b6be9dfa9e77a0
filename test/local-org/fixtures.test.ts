/** External-endpoint fixtures: registration (control API, folder), matching, faults, latency, request log, and the org's refusal of unregistered endpoints. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { putMetadata } from '../../src/local-org/metadata/registry.js';
import { FixturesFolderError } from '../../src/local-org/org/fixtures/index.js';
import { run, userDebug } from '../apex-async/helpers.js';

async function control(
  org: LocalOrg,
  method: string,
  path: string,
  body?: unknown
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- control API answers are read field by field
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${org.instanceUrl}/__local/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  return { status: res.status, json: await res.json() };
}

/** A Named Credential without authentication to https://rates.example.test. */
function deployNamedCredential(org: LocalOrg): void {
  putMetadata(org.store, {
    type: 'NamedCredential',
    fullName: 'Rates',
    fileName: 'namedCredentials/Rates.namedCredential',
    content: {
      generateAuthorizationHeader: 'false',
      namedCredentialType: 'SecuredEndpoint',
      namedCredentialParameters: [
        { parameterName: 'Url', parameterType: 'Url', parameterValue: 'https://rates.example.test' }
      ]
    }
  });
}

const CALL = (endpoint: string, timeout = 10000): string => `
  HttpRequest req = new HttpRequest(); req.setEndpoint('${endpoint}'); req.setMethod('GET'); req.setTimeout(${timeout});
  req.setHeader('X-Probe', 'p1');
  HttpResponse res = new Http().send(req);
  System.debug(res.getStatusCode() + '|' + res.getStatus() + '|' + res.getHeader('Content-Type') + '|' + res.getBody());`;

describe('local org: external-endpoint fixtures', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startLocalOrg({ clock: { now: '2026-03-10T12:00:00Z', timeZone: 'UTC', freeze: true } });
    deployNamedCredential(org);
  });
  afterEach(() => org.stop());

  it('answers a Named Credential callout from a fixture registered through the control API, and logs it', async () => {
    const reg = await control(org, 'POST', 'fixtures', {
      host: 'rates.example.test',
      method: 'GET',
      path: '/daily.xml',
      status: 200,
      headers: { 'Content-Type': 'text/xml' },
      body: '<a/>'
    });
    expect(reg.status).to.equal(201);
    const r = await run(org, CALL('callout:Rates/daily.xml?x=1'));
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['200|OK|text/xml|<a/>']);
    const log = (await control(org, 'GET', 'fixtures/requests')).json.requests;
    expect(log).to.have.length(1);
    expect(log[0]).to.include({
      method: 'GET',
      url: 'https://rates.example.test/daily.xml?x=1',
      status: 200,
      at: '2026-03-10T12:00:00.000Z'
    });
    expect(log[0].headers['X-Probe']).to.equal('p1');
    expect(log[0].fixtureId).to.equal(reg.json.fixtures[0].id);
    expect((await control(org, 'GET', 'fixtures')).json.fixtures[0].used).to.equal(1);
  });

  it('matches the newest fixture by path prefix, regex, query and request header; times limits reuse', async () => {
    await control(org, 'POST', 'fixtures', {
      fixtures: [
        { host: 'rates.example.test', path: '/api/*', body: 'prefix' },
        { host: 'rates.example.test', path: '/\\/api\\/h\\d+\\.json/', body: 'regex', times: 1 },
        { host: 'rates.example.test', path: '/api/q', query: { k: 'v' }, body: 'query' },
        { host: 'rates.example.test', path: '/api/h', requestHeaders: { 'x-probe': 'p1' }, body: 'header' }
      ]
    });
    const bodies: string[] = [];
    for (const ep of [
      'callout:Rates/api/h1.json',
      'callout:Rates/api/h1.json',
      'callout:Rates/api/q?k=v',
      'callout:Rates/api/q?k=w',
      'callout:Rates/api/h'
    ]) {
      const r = await run(org, CALL(ep));
      expect(r.success, r.message).to.equal(true);
      bodies.push(userDebug(r.log)[0].split('|')[3]);
    }
    expect(bodies).to.deep.equal(['regex', 'prefix', 'query', 'prefix', 'header']);
  });

  it('a request no fixture matches fails loudly, naming the request; it is still logged', async () => {
    const r = await run(org, CALL('callout:Rates/nothing'));
    expect(r.message).to.match(
      /^System\.CalloutException: not supported by the local runtime: a callout to GET https:\/\/rates\.example\.test\/nothing .*no fixture matches it; register one with POST \/__local\/fixtures/
    );
    const log = (await control(org, 'GET', 'fixtures/requests')).json.requests;
    expect(log[0]).to.include({ url: 'https://rates.example.test/nothing', fixtureId: null, status: null });
  });

  it('a direct endpoint needs an active Remote Site Setting; with one, the fixture answers', async () => {
    await control(org, 'POST', 'fixtures', { host: 'rates.example.test', body: 'ok' });
    const refused = await run(org, CALL('https://rates.example.test/x'));
    expect(refused.message).to.equal(
      'System.CalloutException: Unauthorized endpoint, please check Setup->Security->Remote site settings. endpoint = https://rates.example.test/x'
    );
    putMetadata(org.store, {
      type: 'RemoteSiteSetting',
      fullName: 'Rates',
      fileName: 'remoteSiteSettings/Rates.remoteSite',
      content: { url: 'https://rates.example.test', isActive: 'true', disableProtocolSecurity: 'false' }
    });
    const allowed = await run(org, CALL('https://rates.example.test/x'));
    expect(userDebug(allowed.log)).to.deep.equal(['200|OK|null|ok']);
  });

  it('faults: a timeout (Read timed out), a dropped connection, a reset; latency past setTimeout is a timeout', async () => {
    await control(org, 'POST', 'fixtures', {
      fixtures: [
        { host: 'rates.example.test', path: '/t', fault: 'timeout' },
        { host: 'rates.example.test', path: '/d', fault: 'drop' },
        { host: 'rates.example.test', path: '/r', fault: 'reset' },
        { host: 'rates.example.test', path: '/slow', latencyMs: 5000, body: 'late' }
      ]
    });
    expect((await run(org, CALL('callout:Rates/t'))).message).to.equal('System.CalloutException: Read timed out');
    expect((await run(org, CALL('callout:Rates/d'))).message).to.equal(
      'System.CalloutException: Unexpected end of file from server'
    );
    expect((await run(org, CALL('callout:Rates/r'))).message).to.equal('System.CalloutException: Connection reset');
    expect((await run(org, CALL('callout:Rates/slow', 2000))).message).to.equal(
      'System.CalloutException: Read timed out'
    );
    const ok = await run(org, CALL('callout:Rates/slow', 6000));
    expect(userDebug(ok.log)).to.deep.equal(['200|OK|null|late']);
  });

  it('answers 4xx/5xx/429 with the fixture status and body', async () => {
    await control(org, 'POST', 'fixtures', {
      host: 'rates.example.test',
      status: 429,
      headers: { 'Retry-After': '60' },
      body: { error: true }
    });
    const r = await run(org, CALL('callout:Rates/x'));
    expect(userDebug(r.log)).to.deep.equal(['429|Too Many Requests|null|{"error":true}']);
  });

  it('rejects a bad spec with INVALID_INPUT and registers nothing of a bad batch', async () => {
    const bad = await control(org, 'POST', 'fixtures', {
      fixtures: [{ host: 'rates.example.test' }, { host: 'https://rates.example.test/x' }]
    });
    expect(bad.status).to.equal(400);
    expect(bad.json[0].errorCode).to.equal('INVALID_INPUT');
    expect(bad.json[0].message).to.contain('bad fixture (control#1): host is required');
    for (const spec of [
      { host: 'a.test', status: 99 },
      { host: 'a.test', fault: 'boom' },
      { host: 'a.test', path: 'x' },
      { host: 'a.test', latencyMs: -1 }
    ]) {
      expect((await control(org, 'POST', 'fixtures', spec)).status).to.equal(400);
    }
    expect((await control(org, 'GET', 'fixtures')).json.fixtures).to.deep.equal([]);
  });

  it('DELETE removes one fixture or all of them and the log', async () => {
    const a = (await control(org, 'POST', 'fixtures', { host: 'a.test' })).json.fixtures[0].id;
    await control(org, 'POST', 'fixtures', { host: 'b.test' });
    expect(
      (await control(org, 'DELETE', `fixtures/${a}`)).json.fixtures.map((f: { host: string }) => f.host)
    ).to.deep.equal(['b.test']);
    expect((await control(org, 'DELETE', 'fixtures/999')).status).to.equal(404);
    await control(org, 'DELETE', 'fixtures');
    expect((await control(org, 'GET', 'fixtures')).json.fixtures).to.deep.equal([]);
  });
});

describe('local org: fixtures folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fixtures-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads *.fixtures.json manifests with bodyFile bodies at start-up', async () => {
    writeFileSync(join(dir, 'big.xml'), '<big/>');
    writeFileSync(
      join(dir, 'rates.fixtures.json'),
      JSON.stringify({
        fixtures: [
          { host: 'rates.example.test', path: '/big', bodyFile: 'big.xml', headers: { 'Content-Type': 'text/xml' } }
        ]
      })
    );
    writeFileSync(join(dir, 'ignored.json'), '{ not json');
    const org = await startLocalOrg({ fixturesDir: dir });
    try {
      deployNamedCredential(org);
      const r = await run(org, CALL('callout:Rates/big'));
      expect(userDebug(r.log)).to.deep.equal(['200|OK|text/xml|<big/>']);
      expect((await control(org, 'GET', 'fixtures')).json.fixtures[0].origin).to.equal('rates.fixtures.json#0');
    } finally {
      await org.stop();
    }
  });

  it('a bad manifest fails start-up naming the file; a missing folder too', async () => {
    writeFileSync(join(dir, 'bad.fixtures.json'), '{"fixtures": [{"host": "a.test", "bodyFile": "missing.xml"}]}');
    let err: unknown;
    try {
      await startLocalOrg({ fixturesDir: dir });
    } catch (e) {
      err = e;
    }
    expect(String(err)).to.match(/bad fixture \(bad\.fixtures\.json#0\): bodyFile .*missing\.xml does not exist/);
    let missing: unknown;
    try {
      await startLocalOrg({ fixturesDir: join(dir, 'nope') });
    } catch (e) {
      missing = e;
    }
    expect(missing).to.be.instanceOf(FixturesFolderError);
  });
});
