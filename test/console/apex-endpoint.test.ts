/**
 * The console's HTTP side without a browser: the frontdoor login, pages needing the session, the tab
 * resolution from deployed metadata, and the Apex endpoint running @AuraEnabled methods of deployed classes
 * (arguments by name and type, @AuraEnabled members only, Apex exceptions shaped as the platform hands them
 * to a component, a failed call rolled back).
 */
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { putMetadata } from '../../src/local-org/metadata/registry.js';
import { putMetadataFiles } from '../../src/local-org/metadata/files.js';
import { deployedBundles } from '../../src/local-org/console/deployed.js';
import { runSoql } from '../../src/local-org/store/index.js';

const CONTROLLER = `public with sharing class PageController {
  public class Row {
    @AuraEnabled public String name;
    @AuraEnabled public Date day;
    @AuraEnabled public Decimal amount;
    @AuraEnabled public String missing;
    public String hidden = 'not for the page';
  }
  public class PageException extends Exception {}
  @AuraEnabled(cacheable=true)
  public static List<Row> rows(String name, Date day, Integer count) {
    List<Row> out = new List<Row>();
    for (Integer i = 0; i < count; i++) {
      Row r = new Row();
      r.name = name + i;
      r.day = day.addDays(i);
      r.amount = 1.5 * i;
      out.add(r);
    }
    return out;
  }
  @AuraEnabled
  public static String failHandled() {
    insert new DatedRateLog__c(Name = 'written then rolled back');
    AuraHandledException e = new AuraHandledException('Shown to the user');
    e.setMessage('Shown to the user');
    throw e;
  }
  @AuraEnabled
  public static void failCustom() {
    throw new PageException('A custom failure');
  }
  public static String notEnabled() {
    return 'no';
  }
}`;

describe('console: frontdoor, pages and the Apex endpoint', function () {
  this.timeout(120_000);
  let org: LocalOrg;
  let cookie = '';

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${org.instanceUrl}/lightning/_apex`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers },
      body: JSON.stringify(body)
    });

  before(async () => {
    org = await startLocalOrg();
    org.store.db.exec('SELECT 1');
    // A custom object for the rollback check, registered as a deploy would.
    const { registerObject } = await import('../../src/local-org/metadata/objects.js');
    registerObject(org.store, 'DatedRateLog__c', { label: 'Log', fields: [] });
    org.store.insert(
      'ApexClass',
      { Name: 'PageController', Body: CONTROLLER, ApiVersion: 65, Status: 'Active', IsValid: true },
      { system: true }
    );
    putMetadata(org.store, {
      type: 'CustomTab',
      fullName: 'Page_Tab',
      fileName: 'tabs/Page_Tab.tab-meta.xml',
      content: { label: 'Page Tab', flexiPage: 'Page_One' }
    });
    putMetadata(org.store, {
      type: 'FlexiPage',
      fullName: 'Page_One',
      fileName: 'flexipages/Page_One.flexipage-meta.xml',
      content: {
        masterLabel: 'Page One',
        flexiPageRegions: { name: 'main', itemInstances: { componentInstance: { componentName: 'c:pageThing' } } }
      }
    });
    putMetadataFiles(org.store, 'LightningComponentBundle', 'pageThing', undefined, [
      { path: 'lwc/pageThing/pageThing.js', raw: Buffer.from('export default 1;') },
      { path: 'lwc/pageThing/pageThing.js-meta.xml', raw: Buffer.from('<LightningComponentBundle/>') }
    ]);
  });
  after(() => org?.stop());

  it('reads the deployed bundles from the files the deploy kept', () => {
    const bundle = deployedBundles(org.store).find((b) => b.name === 'pageThing');
    expect([...(bundle?.files.keys() ?? [])]).to.deep.equal(['pageThing.js', 'pageThing.js-meta.xml']);
    expect(bundle?.files.get('pageThing.js')).to.equal('export default 1;');
  });

  it('frontdoor.jsp turns a valid access token into the session cookie and redirects to retURL', async () => {
    const bad = await fetch(`${org.instanceUrl}/secur/frontdoor.jsp?sid=nope&retURL=/lightning/n/Page_Tab`, {
      redirect: 'manual'
    });
    expect(bad.status).to.equal(401);
    const r = await fetch(
      `${org.instanceUrl}/secur/frontdoor.jsp?sid=${encodeURIComponent(org.accessToken)}&retURL=${encodeURIComponent('/lightning/page/home')}`,
      { redirect: 'manual' }
    );
    expect(r.status).to.equal(302);
    expect(r.headers.get('location')).to.equal('/lightning/page/home');
    const set = r.headers.get('set-cookie') ?? '';
    expect(set).to.match(/^sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    cookie = set.split(';')[0];
    const offsite = await fetch(
      `${org.instanceUrl}/secur/frontdoor.jsp?sid=${encodeURIComponent(org.accessToken)}&retURL=//evil.example`,
      {
        redirect: 'manual'
      }
    );
    expect(offsite.headers.get('location')).to.equal('/lightning/page/home');
  });

  it('pages and the Apex endpoint need the session', async () => {
    const page = await fetch(`${org.instanceUrl}/lightning/n/Page_Tab`);
    expect(page.status).to.equal(401);
    expect(await page.text()).to.include('frontdoor.jsp');
    const apex = await fetch(`${org.instanceUrl}/lightning/_apex`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}'
    });
    expect(apex.status).to.equal(401);
  });

  it('lists the deployed tabs and explains a tab that is not deployed', async () => {
    const home = await fetch(`${org.instanceUrl}/lightning/page/home`, { headers: { Cookie: cookie } });
    expect(home.status).to.equal(200);
    expect(await home.text()).to.include('href="/lightning/n/Page_Tab"');
    const missing = await fetch(`${org.instanceUrl}/lightning/n/No_Such_Tab`, { headers: { Cookie: cookie } });
    expect(missing.status).to.equal(404);
    expect(await missing.text()).to.include('No tab named No_Such_Tab is deployed to this org');
  });

  it('serves the SLDS stylesheet and refuses paths outside the assets', async () => {
    const css = await fetch(`${org.instanceUrl}/lightning/_slds/styles/salesforce-lightning-design-system.min.css`);
    expect(css.status).to.equal(200);
    expect(css.headers.get('content-type')).to.include('text/css');
    const out = await fetch(`${org.instanceUrl}/lightning/_slds/..%2F..%2Fpackage.json`);
    expect(out.status).to.equal(404);
  });

  it('runs a cacheable method with typed arguments and returns only @AuraEnabled members, without nulls', async () => {
    const r = await post({
      classname: 'PageController',
      method: 'rows',
      cacheable: true,
      params: { name: 'r', day: '2026-02-27', count: 3 }
    });
    expect(r.status).to.equal(200);
    expect(await r.json()).to.deep.equal({
      state: 'SUCCESS',
      returnValue: [
        { name: 'r0', day: '2026-02-27', amount: 0 },
        { name: 'r1', day: '2026-02-28', amount: 1.5 },
        { name: 'r2', day: '2026-03-01', amount: 3 }
      ]
    });
  });

  it('answers an AuraHandledException with the error a component receives, and rolls the transaction back', async () => {
    const r = await post({ classname: 'PageController', method: 'failHandled', params: {} });
    expect(r.status).to.equal(200);
    const body = (await r.json()) as {
      state: string;
      error: { status: number; statusText: string; ok: boolean; body: Record<string, unknown> };
    };
    expect(body.state).to.equal('ERROR');
    expect(body.error).to.deep.include({ status: 500, statusText: 'Server Error', ok: false });
    expect(body.error.body).to.deep.include({
      message: 'Shown to the user',
      exceptionType: 'System.AuraHandledException',
      isUserDefinedException: false
    });
    expect(runSoql(org.store, 'SELECT COUNT() FROM DatedRateLog__c').totalSize).to.equal(0);
  });

  it('marks a custom exception as user defined', async () => {
    const body = (await (await post({ classname: 'PageController', method: 'failCustom' })).json()) as {
      error: { body: Record<string, unknown> };
    };
    expect(body.error.body).to.deep.include({
      message: 'A custom failure',
      exceptionType: 'PageController.PageException',
      isUserDefinedException: true
    });
    expect(String(body.error.body.stackTrace)).to.include('PageController');
  });

  it('refuses what is not an @AuraEnabled method, a cacheable call of a plain one, and bad requests', async () => {
    const notEnabled = await post({ classname: 'PageController', method: 'notEnabled' });
    expect(notEnabled.status).to.equal(404);
    expect(JSON.stringify(await notEnabled.json())).to.include('is not an @AuraEnabled method of PageController');
    const noClass = await post({ classname: 'NoSuchClass', method: 'x' });
    expect(noClass.status).to.equal(404);
    const cacheable = await post({ classname: 'PageController', method: 'failCustom', cacheable: true });
    expect(cacheable.status).to.equal(400);
    const text = await fetch(`${org.instanceUrl}/lightning/_apex`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'text/plain' },
      body: '{}'
    });
    expect(text.status).to.equal(415);
  });
});
