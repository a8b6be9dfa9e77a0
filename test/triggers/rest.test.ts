/**
 * Triggers fire for API writes (issue 15 point 2): REST sObject create/update/delete, sObject
 * Collections and sObject Tree run the write and the object's triggers as one transaction in an Apex
 * worker. A record a trigger rejects answers the org's REST error (400, FIELD_CUSTOM_VALIDATION_EXCEPTION)
 * and leaves nothing written, the trigger's own writes included.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, connectTo } from '../local-org/helpers.js';
import { customObject, deploy, textField } from './helpers.js';

const V = '/services/data/v65.0';

describe('triggers: API writes', function () {
  this.timeout(120_000);
  let org: LocalOrg;
  let conn: Connection;
  const count = async (where: string): Promise<number> =>
    (await conn.query(`SELECT COUNT() FROM Item__c WHERE ${where}`)).totalSize;
  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
    await deploy(conn, {
      objects: { Item__c: customObject('Item', textField('Stamp__c')), Audit__c: customObject('Audit') },
      triggers: {
        ItemTrigger: `trigger ItemTrigger on Item__c (before insert, before update, before delete, after insert) {
          if (Trigger.isBefore && !Trigger.isDelete) {
            for (Item__c i : Trigger.new) {
              i.Stamp__c = String.valueOf(Trigger.operationType);
              if (i.Name == 'reject') i.addError('items named reject are refused');
            }
          } else if (Trigger.isDelete) {
            for (Item__c i : Trigger.old) if (i.Name == 'keep') i.Name.addError('keep stays');
          } else {
            if (Trigger.new[0].Name == 'call out') {
              HttpRequest req = new HttpRequest();
              req.setEndpoint(URL.getOrgDomainUrl().toExternalForm() + '/services/data');
              req.setMethod('GET');
              try { new Http().send(req); } catch (CalloutException e) { Trigger.new[0].addError(e.getMessage()); }
            }
            List<Audit__c> audits = new List<Audit__c>();
            for (Item__c i : Trigger.new) audits.add(new Audit__c(Name = 'audit ' + i.Name));
            insert audits;
            for (Item__c i : Trigger.new) if (i.Name == 'boom') throw new IllegalArgumentException('boom in after insert');
          }
        }`
      }
    });
  });
  after(() => org.stop());

  it('runs before-insert changes and after-insert writes of a REST create', async () => {
    const r = await call(org, 'POST', `${V}/sobjects/Item__c`, { Name: 'one' });
    expect(r.status, r.text).to.equal(201);
    const id = (r.json as { id: string }).id;
    const got = await call(org, 'GET', `${V}/sobjects/Item__c/${id}?fields=Stamp__c`);
    expect((got.json as { Stamp__c: string }).Stamp__c).to.equal('BEFORE_INSERT');
    expect((await conn.query("SELECT COUNT() FROM Audit__c WHERE Name = 'audit one'")).totalSize).to.equal(1);
  });

  it('answers a record a trigger rejects with the REST error shape and writes nothing', async () => {
    const r = await call(org, 'POST', `${V}/sobjects/Item__c`, { Name: 'reject' });
    expect([r.status, r.json]).to.deep.equal([
      400,
      [{ message: 'items named reject are refused', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' }]
    ]);
    expect(await count("Name = 'reject'")).to.equal(0);
  });

  it('rolls back the trigger’s own writes when an after trigger throws', async () => {
    const r = await call(org, 'POST', `${V}/sobjects/Item__c`, { Name: 'boom' });
    expect(r.status).to.equal(400);
    const body = r.json as { errorCode: string; message: string }[];
    expect(body[0].errorCode).to.equal('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY');
    expect(body[0].message).to.match(
      /^ItemTrigger: execution of AfterInsert\n\ncaused by: System\.IllegalArgumentException: boom in after insert\n\nTrigger\.ItemTrigger: line \d+, column \d+$/
    );
    expect(await count("Name = 'boom'")).to.equal(0);
    expect((await conn.query("SELECT COUNT() FROM Audit__c WHERE Name = 'audit boom'")).totalSize).to.equal(0);
  });

  it('fires update and delete triggers of REST PATCH and DELETE', async () => {
    const id = ((await call(org, 'POST', `${V}/sobjects/Item__c`, { Name: 'keep' })).json as { id: string }).id;
    const patched = await call(org, 'PATCH', `${V}/sobjects/Item__c/${id}`, { Name: 'keep' });
    expect(patched.status, patched.text).to.equal(204);
    const got = await call(org, 'GET', `${V}/sobjects/Item__c/${id}?fields=Stamp__c`);
    expect((got.json as { Stamp__c: string }).Stamp__c).to.equal('BEFORE_UPDATE');
    const deleted = await call(org, 'DELETE', `${V}/sobjects/Item__c/${id}`);
    expect([deleted.status, deleted.json]).to.deep.equal([
      400,
      [{ message: 'keep stays', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['Name'] }]
    ]);
    expect(await count(`Id = '${id}'`)).to.equal(1);
  });

  it('saves the valid records of a collection without allOrNone and none with it', async () => {
    const records = ['c1', 'reject', 'c2'].map((Name) => ({ attributes: { type: 'Item__c' }, Name }));
    const partial = await call(org, 'POST', `${V}/composite/sobjects`, { allOrNone: false, records });
    const rows = partial.json as { success: boolean; errors: { statusCode: string }[] }[];
    expect(rows.map((r) => [r.success, r.errors.map((e) => e.statusCode)])).to.deep.equal([
      [true, []],
      [false, ['FIELD_CUSTOM_VALIDATION_EXCEPTION']],
      [true, []]
    ]);
    expect(await count("Name IN ('c1', 'c2')")).to.equal(2);
    const strict = await call(org, 'POST', `${V}/composite/sobjects`, {
      allOrNone: true,
      records: ['c3', 'reject'].map((Name) => ({ attributes: { type: 'Item__c' }, Name }))
    });
    const strictRows = strict.json as { success: boolean; id: string | null; errors: { statusCode: string }[] }[];
    expect(strictRows.map((r) => [r.success, r.id, r.errors.map((e) => e.statusCode)])).to.deep.equal([
      [false, null, ['ALL_OR_NONE_OPERATION_ROLLED_BACK']],
      [false, null, ['FIELD_CUSTOM_VALIDATION_EXCEPTION']]
    ]);
    expect(await count("Name = 'c3'")).to.equal(0);
  });

  it('fails a tree with a rejected record as a whole', async () => {
    const r = await call(org, 'POST', `${V}/composite/tree/Item__c`, {
      records: [
        { attributes: { type: 'Item__c', referenceId: 'ref1' }, Name: 't1' },
        { attributes: { type: 'Item__c', referenceId: 'ref2' }, Name: 'reject' }
      ]
    });
    expect([r.status, r.json]).to.deep.equal([
      400,
      {
        hasErrors: true,
        results: [
          {
            referenceId: 'ref2',
            errors: [
              { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'items named reject are refused', fields: [] }
            ]
          }
        ]
      }
    ]);
    expect(await count("Name = 't1'")).to.equal(0);
    const ok = await call(org, 'POST', `${V}/composite/tree/Item__c`, {
      records: [{ attributes: { type: 'Item__c', referenceId: 'ref1' }, Name: 't2' }]
    });
    expect(ok.status, ok.text).to.equal(201);
    expect(await count("Name = 't2' AND Stamp__c = 'BEFORE_INSERT'")).to.equal(1);
  });

  it('fires the triggers of a write an Apex callout sends to the org’s own API', async () => {
    const send = (name: string) => `
      HttpRequest req = new HttpRequest();
      req.setEndpoint(URL.getOrgDomainUrl().toExternalForm() + '/services/data/v65.0/sobjects/Item__c');
      req.setMethod('POST');
      req.setHeader('Authorization', 'Bearer ' + UserInfo.getSessionId());
      req.setHeader('Content-Type', 'application/json');
      req.setBody('{"Name": "${name}"}');
      HttpResponse res = new Http().send(req);
      System.debug(res.getStatusCode() + ' ' + res.getBody());`;
    const debug = async (code: string): Promise<string[]> => {
      const r = await org.apex!.executeAnonymous(code, { sessionId: org.accessToken });
      expect(r.success, r.exceptionMessage).to.equal(true);
      return (r.log ?? '')
        .split('\n')
        .filter((l) => l.includes('|USER_DEBUG|'))
        .map((l) => l.split('|').slice(4).join('|'));
    };
    expect((await debug(send('called')))[0]).to.match(/^201 /);
    expect(await count("Name = 'called' AND Stamp__c = 'BEFORE_INSERT'")).to.equal(1);
    expect(await debug(send('reject'))).to.deep.equal([
      '400 [{"message":"items named reject are refused","errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION"}]'
    ]);
  });

  it('refuses a synchronous callout from a trigger', async () => {
    const r = await call(org, 'POST', `${V}/sobjects/Item__c`, { Name: 'call out' });
    expect([r.status, r.json]).to.deep.equal([
      400,
      [
        {
          message: 'Callout from triggers are currently not supported.',
          errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION'
        }
      ]
    ]);
  });
});
