/**
 * `merge` and Database.merge on the local org: duplicates deleted with MasterRecordId set, related records
 * reparented without triggers, delete triggers on the duplicates and update triggers on the master, one DML
 * statement, MergeResult, and the refusals (too many duplicates, an object merge does not take, allOrNone).
 */
import { expect } from 'chai';
import { runSoql } from '../../src/local-org/index.js';
import { useLocalOrg } from '../local-org/helpers.js';
import { apex, deploy } from './helpers.js';

describe('triggers: merge', function () {
  this.timeout(120_000);
  const t = useLocalOrg((_org, conn) =>
    deploy(conn, {
      triggers: {
        AccountMergeLog: `trigger AccountMergeLog on Account (before delete, after delete, after update) {
  for (Account a : Trigger.isDelete ? Trigger.old : Trigger.new)
    System.debug(Trigger.operationType + ' ' + a.Name + (Trigger.isDelete ? ' master=' + (a.MasterRecordId != null) : ''));
}`,
        ContactLog: `trigger ContactLog on Contact (after update) { System.debug('contact trigger fired'); }`
      }
    })
  );

  it('merges duplicates into the master: reparents their contacts, deletes them with MasterRecordId set', async () => {
    const out = await apex(
      t.org,
      `List<Account> accts = new List<Account>{ new Account(Name = 'Acme Inc.'), new Account(Name = 'Acme'), new Account(Name = 'ACME Corp') };
      insert accts;
      insert new List<Contact>{ new Contact(LastName = 'Merged', AccountId = accts[1].Id), new Contact(LastName = 'Too', AccountId = accts[2].Id) };
      Account master = new Account(Id = accts[0].Id, Description = 'kept');
      Integer dml = Limits.getDmlStatements();
      merge master new List<Account>{ accts[1], accts[2] };
      System.debug('dml ' + (Limits.getDmlStatements() - dml));
      System.debug([SELECT COUNT() FROM Contact WHERE AccountId = :accts[0].Id] + ' ' + [SELECT COUNT() FROM Account]);
      for (Account gone : [SELECT Name, MasterRecordId, IsDeleted FROM Account WHERE IsDeleted = true ORDER BY Name ALL ROWS])
        System.debug(gone.Name + ' ' + (gone.MasterRecordId == accts[0].Id));
      System.debug([SELECT Description FROM Account WHERE Id = :accts[0].Id].Description);`
    );
    expect(out.filter((l) => !l.startsWith('BEFORE_DELETE') && !l.startsWith('AFTER_DELETE'))).to.deep.equal([
      'AFTER_UPDATE Acme Inc.',
      'dml 1',
      '2 1',
      'Acme true',
      'ACME Corp true',
      'kept'
    ]);
    expect(out.filter((l) => /_DELETE/.test(l))).to.deep.equal([
      'BEFORE_DELETE Acme master=true',
      'BEFORE_DELETE ACME Corp master=true',
      'AFTER_DELETE Acme master=true',
      'AFTER_DELETE ACME Corp master=true'
    ]);
    expect(out).to.not.include('contact trigger fired');
  });

  it('Database.merge returns a MergeResult; refusals raise DmlException or come back with allOrNone false', async () => {
    const out = await apex(
      t.org,
      `List<Lead> leads = new List<Lead>{ new Lead(LastName = 'A', Company = 'X'), new Lead(LastName = 'B', Company = 'X'), new Lead(LastName = 'C', Company = 'X'), new Lead(LastName = 'D', Company = 'X') };
      insert leads;
      Database.MergeResult r = Database.merge(leads[0], leads[1].Id);
      System.debug(r.isSuccess() + ' ' + (r.getId() == leads[0].Id) + ' ' + (r.getMergedRecordIds()[0] == leads[1].Id) + ' ' + r.getUpdatedRelatedIds().size());
      List<Database.MergeResult> rs = Database.merge(leads[0], new List<Id>{ leads[2].Id, leads[3].Id, leads[1].Id }, false);
      System.debug(rs.size() + ' ' + rs[0].isSuccess() + ' ' + rs[0].getErrors()[0].getStatusCode());
      try { merge leads[0] leads[0]; } catch (DmlException e) { System.debug(e.getMessage().startsWith('Merge failed. First exception on row 0 with id')); }
      try { merge leads[0] new Lead(LastName = 'unsaved'); } catch (DmlException e) { System.debug(e.getMessage().contains('MISSING_ARGUMENT')); }
      try { Opportunity o = new Opportunity(); merge o o; } catch (TypeException e) { System.debug(e.getMessage()); }
      System.debug([SELECT COUNT() FROM Lead]);`
    );
    expect(out).to.deep.equal([
      'true true true 0',
      '1 false INVALID_OPERATION',
      'true',
      'true',
      'DML operation Merge not allowed on Opportunity',
      '3'
    ]);
    expect(runSoql(t.org.store, 'SELECT COUNT() FROM Lead').totalSize).to.equal(3);
  });
});
