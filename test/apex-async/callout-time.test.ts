/**
 * Callout time limits on the local runtime: a request that outlasts HttpRequest.setTimeout fails with
 * "Read timed out", and a transaction's callouts may use 120 seconds in all (Apex Developer Guide,
 * Callout Limits and Limitations). Delays come from the control API's fault injection, which applies
 * to in-process callouts and is counted as callout time without blocking.
 */
import { expect } from 'chai';
import type { LocalOrg } from '../../src/local-org/index.js';
import { orgWithClasses, run, userDebug } from './helpers.js';

async function delayNext(org: LocalOrg, path: string, delayMs: number, count = 1): Promise<void> {
  const res = await fetch(`${org.instanceUrl}/__local/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
    body: JSON.stringify({ path, method: 'GET', count, delayMs })
  });
  expect(res.status).to.equal(201);
}

describe('apex callouts: time limits', function () {
  this.timeout(120_000);
  let org: LocalOrg;
  beforeEach(async () => (org = await orgWithClasses({})));
  afterEach(() => org.stop());

  const get = (timeout: number) => `
    HttpRequest req = new HttpRequest();
    req.setEndpoint(URL.getOrgDomainUrl().toExternalForm() + '/services/data');
    req.setMethod('GET');
    req.setTimeout(${timeout});`;

  it('answers a callout that returns within its timeout', async () => {
    const r = await run(org, `${get(10000)}\nSystem.debug(new Http().send(req).getStatusCode());`);
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['200']);
  });

  it('fails with Read timed out when the server takes longer than setTimeout', async () => {
    await delayNext(org, '/services/data', 15_000);
    const r = await run(
      org,
      `${get(10000)}\ntry { new Http().send(req); } catch (CalloutException e) { System.debug(e.getMessage()); }`
    );
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['Read timed out']);
  });

  it('stops a transaction whose callouts add up to more than 120 seconds', async () => {
    await delayNext(org, '/services/data', 50_000, 3);
    const r = await run(
      org,
      `${get(120000)}
      Integer done = 0;
      try {
        for (Integer i = 0; i < 3; i++) { new Http().send(req); done++; }
      } catch (CalloutException e) { System.debug(done + ' ' + e.getMessage()); }`
    );
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['2 Exceeded maximum time allotted for callout (120000 ms)']);
  });
});
