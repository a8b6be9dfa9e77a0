import { expect } from 'chai';
import { debugOf, run } from './helpers.js';

describe('apex runtime: Database, Schema, custom metadata', () => {
  it('returns SaveResults with errors instead of throwing when allOrNone is false', () => {
    const r = run(`
      List<Account> accts = new List<Account>{ new Account(Name = 'ok'), new Account() };
      List<Database.SaveResult> results = Database.insert(accts, false);
      for (Database.SaveResult sr : results) {
        if (sr.isSuccess()) System.debug('ok ' + sr.getId().left(3));
        else for (Database.Error e : sr.getErrors()) System.debug(e.getStatusCode() + ' ' + e.getMessage() + ' ' + e.getFields());
      }`);
    expect(r.out).to.deep.equal(['ok 001', 'REQUIRED_FIELD_MISSING Required fields are missing: [Name] (Name)']);
    expect(r.data.tables.get('account')).to.have.length(1);
  });

  it('throws DmlException from Database.insert with allOrNone true and writes nothing', () => {
    const r = run(
      `try { Database.insert(new List<Account>{ new Account(Name = 'a'), new Account() }); } catch (DmlException e) { System.debug(e.getMessage()); }`
    );
    expect(r.out[0]).to.match(/^Insert failed\. First exception on row 1; first error: REQUIRED_FIELD_MISSING/);
    expect(r.data.tables.get('account') ?? []).to.have.length(0);
  });

  it('runs dynamic SOQL with Database.query and local-variable binds', () => {
    const out = debugOf(`
      insert new Account(Name = 'Dyn');
      String n = 'Dyn';
      List<Account> rows = Database.query('SELECT Id, Name FROM Account WHERE Name = :n');
      System.debug(rows.size() + ' ' + rows[0].Name);`);
    expect(out).to.deep.equal(['1 Dyn']);
  });

  it('describes sObjects through SObjectType and field tokens', () => {
    const out = debugOf(`
      Schema.DescribeSObjectResult d = Account.SObjectType.getDescribe();
      System.debug(d.getName() + ' ' + d.getKeyPrefix() + ' ' + d.isCreateable());
      System.debug(d.fields.getMap().containsKey('name'));
      System.debug(Account.Name.getDescribe().getLabel());
      SObject so = Account.SObjectType.newSObject(); System.debug(so.getSObjectType() == Account.SObjectType);`);
    expect(out).to.deep.equal(['Account 001 true', 'true', 'Name', 'true']);
  });

  it('reads custom metadata with getInstance and getAll', () => {
    const out = debugOf(`
      Widget_Setting__mdt s = Widget_Setting__mdt.getInstance('Default');
      System.debug(s.Size__c);
      System.debug(Widget_Setting__mdt.getAll().keySet());
      System.debug(Widget_Setting__mdt.getInstance('Missing'));`);
    expect(out).to.deep.equal(['200', '{Default, Small}', 'null']);
  });

  it('rejects DML on objects the platform excludes from DML, at compile time', () => {
    const r = run(`CurrencyType c = new CurrencyType();\nupdate c;`);
    expect(r.compiled).to.equal(false);
    expect(r.compileProblem).to.equal('DML operation Update not allowed on CurrencyType');
    expect(r.line).to.equal(2);
  });
});

describe('apex runtime: DmlException details', () => {
  it('exposes the failed rows through getNumDml, getDmlMessage, getDmlStatusCode, getDmlFieldNames, getDmlIndex', () => {
    const out = debugOf(`
      try {
        insert new List<Contact>{ new Contact(LastName = 'ok'), new Contact(), new Contact() };
      } catch (DmlException e) {
        System.debug(e.getNumDml() + ' ' + e.getDmlIndex(0) + ' ' + e.getDmlIndex(1));
        System.debug(e.getDmlStatusCode(0) + ' ' + e.getDmlFieldNames(0) + ' ' + e.getDmlMessage(1));
      }`);
    expect(out).to.deep.equal(['2 1 2', 'REQUIRED_FIELD_MISSING (LastName) Required fields are missing: [LastName]']);
  });
});

describe('apex runtime: savepoints', () => {
  it('rolls back the writes made after Database.setSavepoint() and counts both as DML statements', () => {
    const r = run(`
      insert new Account(Name = 'kept');
      Savepoint sp = Database.setSavepoint();
      insert new Account(Name = 'undone');
      Database.rollback(sp);
      System.debug([SELECT COUNT() FROM Account] + ' ' + Limits.getDmlStatements());`);
    expect(r.out).to.deep.equal(['1 4']);
    expect(r.data.tables.get('account')?.map((a) => a.Name)).to.deep.equal(['kept']);
  });
});

describe('apex runtime: Schema.SObjectType access checks', () => {
  it('answers object and field describes through Schema.SObjectType.X and .fields.Y', () => {
    const out = debugOf(`
      System.debug(Schema.SObjectType.Account.isAccessible() + ' ' + Schema.SObjectType.Account.getName());
      System.debug(Schema.SObjectType.Account.fields.Name.isUpdateable() + ' ' + Schema.SObjectType.Account.fields.Name.getLabel());`);
    expect(out).to.deep.equal(['true Account', 'true Name']);
  });
});
