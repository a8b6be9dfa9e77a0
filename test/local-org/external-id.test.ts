/**
 * REST access by external ID (`/sobjects/<Type>/<Field>/<Value>`): upsert (insert 201 created:true, update
 * 200 created:false, 204 before API 46.0, 300 for several matches), GET and DELETE, the 404 for a field
 * that is not an external ID, and the triggers of the object firing for upserts.
 */
import { expect } from 'chai';
import { runSoql } from '../../src/local-org/index.js';
import { call, useLocalOrg } from './helpers.js';
import { customObject, deploy, textField } from '../triggers/helpers.js';

const extField = (name: string): string =>
  `<fields><fullName>${name}</fullName><label>${name}</label><type>Text</type><length>20</length><externalId>true</externalId></fields>`;

describe('local org REST: records by external ID', function () {
  this.timeout(120_000);
  const t = useLocalOrg(async (org, conn) => {
    await deploy(conn, {
      objects: {
        Item__c: customObject('Item', extField('Ext__c') + textField('Note__c')),
        Watched__c: customObject('Watched', extField('Ext__c') + textField('Note__c'))
      },
      triggers: {
        WatchedStamp: `trigger WatchedStamp on Watched__c (before insert, before update) {
  for (Watched__c w : Trigger.new) w.Note__c = (Trigger.isInsert ? 'inserted' : 'updated') + ' by trigger';
}`
      }
    });
  });
  const v = '/services/data/v65.0/sobjects';
  const rows = (): Record<string, unknown>[] =>
    runSoql(t.org.store, 'SELECT Name, Ext__c, Note__c FROM Item__c ORDER BY Name').records.map(
      ({ attributes: _a, ...r }) => r
    );

  it('upserts: inserts with the field set when nothing matches, updates the one match', async () => {
    const created = await call(t.org, 'PATCH', `${v}/Item__c/Ext__c/A-1`, { Name: 'first' });
    expect(created.status).to.equal(201);
    expect(created.json).to.deep.include({ success: true, errors: [], created: true });
    const updated = await call(t.org, 'PATCH', `${v}/Item__c/Ext__c/A-1`, { Note__c: 'changed' });
    expect([updated.status, updated.json]).to.deep.equal([
      200,
      { id: (created.json as { id: string }).id, success: true, errors: [], created: false }
    ]);
    const old = await call(t.org, 'PATCH', '/services/data/v45.0/sobjects/Item__c/Ext__c/A-1', { Note__c: 'v45' });
    expect([old.status, old.text]).to.deep.equal([204, '']);
    expect(rows().filter((r) => r.Ext__c === 'A-1')).to.deep.equal([{ Name: 'first', Ext__c: 'A-1', Note__c: 'v45' }]);
    const oldInsert = await call(t.org, 'PATCH', '/services/data/v45.0/sobjects/Item__c/Ext__c/A-0', { Name: 'zero' });
    expect([oldInsert.status, Object.keys(oldInsert.json as object)]).to.deep.equal([201, ['id', 'success', 'errors']]);
  });

  it('refuses a body that repeats the field or gives an Id, and creates nothing with updateOnly', async () => {
    for (const body of [{ Ext__c: 'A-9' }, { Id: '001000000000000AAA' }]) {
      const r = await call(t.org, 'PATCH', `${v}/Item__c/Ext__c/A-9`, body);
      expect([r.status, (r.json as { errorCode: string }[])[0]!.errorCode]).to.deep.equal([
        400,
        'INVALID_FIELD_FOR_INSERT_UPDATE'
      ]);
    }
    const only = await call(t.org, 'PATCH', `${v}/Item__c/Ext__c/A-9?updateOnly=true`, { Name: 'nine' });
    expect(only.status).to.equal(404);
    expect(rows().some((r) => r.Ext__c === 'A-9')).to.equal(false);
  });

  it('reads and deletes by external ID, and answers 300 with the URLs when several records match', async () => {
    const got = await call(t.org, 'GET', `${v}/Item__c/Ext__c/A-1`);
    expect(got.status).to.equal(200);
    expect(got.json).to.deep.include({ Name: 'first', Ext__c: 'A-1' });
    await call(t.org, 'POST', `${v}/Item__c`, { Name: 'twin 1', Ext__c: 'T 1' });
    await call(t.org, 'POST', `${v}/Item__c`, { Name: 'twin 2', Ext__c: 'T 1' });
    const several = await call(t.org, 'PATCH', `${v}/Item__c/Ext__c/${encodeURIComponent('T 1')}`, { Note__c: 'x' });
    expect(several.status).to.equal(300);
    expect(several.json).to.have.length(2);
    expect((several.json as string[]).every((u) => u.startsWith(`${v}/Item__c/`))).to.equal(true);
    expect((await call(t.org, 'DELETE', `${v}/Item__c/Ext__c/A-1`)).status).to.equal(204);
    expect((await call(t.org, 'GET', `${v}/Item__c/Ext__c/A-1`)).status).to.equal(404);
  });

  it('refuses a field that is not an external ID field with the API wording', async () => {
    for (const field of ['Note__c', 'Nope__c']) {
      const r = await call(t.org, 'PATCH', `${v}/Item__c/${field}/x`, { Name: 'x' });
      expect(r.status).to.equal(404);
      expect(r.json).to.deep.equal([
        { errorCode: 'NOT_FOUND', message: `Provided external ID field does not exist or is not accessible: ${field}` }
      ]);
    }
  });

  it('fires the triggers of the object for an upsert', async () => {
    await call(t.org, 'PATCH', `${v}/Watched__c/Ext__c/W-1`, { Name: 'w' });
    await call(t.org, 'PATCH', `${v}/Watched__c/Ext__c/W-2`, { Name: 'w2' });
    await call(t.org, 'PATCH', `${v}/Watched__c/Ext__c/W-2`, { Name: 'w2 again' });
    const notes = runSoql(t.org.store, 'SELECT Ext__c, Note__c FROM Watched__c ORDER BY Ext__c').records.map(
      (r) => `${String(r.Ext__c)} ${String(r.Note__c)}`
    );
    expect(notes).to.deep.equal(['W-1 inserted by trigger', 'W-2 updated by trigger']);
  });

  it('upserts a collection by external ID: created per record, a duplicate match fails its record, allOrNone', async () => {
    const c = '/services/data/v65.0/composite/sobjects/Item__c/Ext__c';
    await call(t.org, 'POST', `${v}/Item__c`, { Name: 'dup a', Ext__c: 'D' });
    await call(t.org, 'POST', `${v}/Item__c`, { Name: 'dup b', Ext__c: 'D' });
    await call(t.org, 'POST', `${v}/Item__c`, { Name: 'kept', Ext__c: 'K' });
    const item = (ext: string, name: string) => ({ attributes: { type: 'Item__c' }, Ext__c: ext, Name: name });
    const r = await call(t.org, 'PATCH', c, {
      allOrNone: false,
      records: [item('K', 'kept 2'), item('N', 'new'), item('D', 'x')]
    });
    expect(r.status).to.equal(200);
    const results = r.json as { success: boolean; created: boolean; errors: { statusCode: string }[] }[];
    expect(results.map((x) => [x.success, x.created, x.errors[0]?.statusCode ?? null])).to.deep.equal([
      [true, false, null],
      [true, true, null],
      [false, false, 'DUPLICATE_EXTERNAL_ID']
    ]);
    expect(
      rows()
        .filter((x) => x.Ext__c === 'K' || x.Ext__c === 'N')
        .map((x) => x.Name)
    ).to.deep.equal(['kept 2', 'new']);
    const all = await call(t.org, 'PATCH', c, { allOrNone: true, records: [item('M', 'rolled back'), item('D', 'y')] });
    expect((all.json as { errors: { statusCode: string }[] }[]).map((x) => x.errors[0]?.statusCode)).to.deep.equal([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'DUPLICATE_EXTERNAL_ID'
    ]);
    expect(rows().some((x) => x.Ext__c === 'M')).to.equal(false);
    const watched = await call(t.org, 'PATCH', '/services/data/v65.0/composite/sobjects/Watched__c/Ext__c', {
      records: [
        { attributes: { type: 'Watched__c' }, Ext__c: 'W-1', Name: 'w again' },
        { attributes: { type: 'Watched__c' }, Ext__c: 'W-3', Name: 'w3' }
      ]
    });
    expect((watched.json as { created: boolean }[]).map((x) => x.created)).to.deep.equal([false, true]);
    const notes = runSoql(
      t.org.store,
      "SELECT Ext__c, Note__c FROM Watched__c WHERE Ext__c IN ('W-1', 'W-3') ORDER BY Ext__c"
    ).records;
    expect(notes.map((n) => n.Note__c)).to.deep.equal(['updated by trigger', 'inserted by trigger']);
  });
});
