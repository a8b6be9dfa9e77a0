/**
 * The Apex library against a local org's own schema: Schema.getGlobalDescribe / describeSObjects, complete
 * describe results, Database.queryWithBinds / countQueryWithBinds / getQueryLocatorWithBinds,
 * Database.delete/undelete by Id, and SOQL errors raised as catchable System.QueryException.
 */
import { expect } from 'chai';
import type { LocalOrg } from '../../src/local-org/index.js';
import { orgWithClasses, run, userDebug } from '../apex-async/helpers.js';

describe('Apex library against the org schema', () => {
  let org: LocalOrg;
  before(async () => {
    org = await orgWithClasses({});
  });
  after(async () => {
    await org.stop();
  });

  async function debug(code: string): Promise<string[]> {
    const r = await run(org, code);
    expect(r.success, r.message).to.equal(true);
    return userDebug(r.log);
  }

  describe('SOQL errors in Apex', () => {
    it('a dynamic query with an unknown field, object or bad syntax raises a catchable QueryException', async () => {
      const out = await debug(`
        for (String q : new List<String>{ 'SELECT Nope__c FROM Account', 'SELECT Id FROM Nope__c', 'SELECT Id FROM Account WHERE' }) {
          try { Database.query(q); System.debug('no error'); }
          catch (QueryException e) { System.debug(e.getTypeName() + '|' + e.getMessage().replace('\\n', ' ')); }
        }
        try { Database.countQuery('SELECT COUNT() FROM Account WHERE Nope__c = 1'); }
        catch (QueryException e) { System.debug(e.getTypeName()); }`);
      expect(out[0]).to.match(/^System\.QueryException\|.*No such column 'Nope__c' on entity 'Account'/);
      expect(out[1]).to.match(/^System\.QueryException\|.*sObject type 'Nope__c' is not supported/);
      expect(out[2]).to.match(/^System\.QueryException\|/);
      expect(out[3]).to.equal('System.QueryException');
    });

    it('uncaught, it ends the transaction as System.QueryException (not an internal error)', async () => {
      const r = await run(org, `Database.query('SELECT Nope__c FROM Account');`);
      expect(r.success).to.equal(false);
      expect(r.message).to.match(/^System\.QueryException: /);
    });
  });

  describe('Schema', () => {
    it('getGlobalDescribe maps every object by lower-case name, read ignoring case', async () => {
      const out = await debug(`
        Map<String, Schema.SObjectType> gd = Schema.getGlobalDescribe();
        System.debug(gd.containsKey('Account') + ' ' + gd.containsKey('note__c') + ' ' + (gd.get('ACCOUNT') == Account.SObjectType));
        System.debug(gd.keySet().contains('account') + ' ' + gd.keySet().contains('Account'));
        System.debug(gd.get('Note__c').getDescribe().getName() + ' ' + gd.containsKey('Nope__c'));
        Set<Schema.SObjectType> ts = new Set<Schema.SObjectType>{ Account.SObjectType, gd.get('account') };
        System.debug(ts.size());`);
      expect(out).to.deep.equal(['true true true', 'true false', 'Note__c false', '1']);
    });

    it('describeSObjects describes each name in order; an unknown name raises InvalidParameterValueException', async () => {
      const out = await debug(`
        List<Schema.DescribeSObjectResult> rs = Schema.describeSObjects(new List<String>{ 'contact', 'Note__c' });
        System.debug(rs.size() + ' ' + rs[0].getName() + ' ' + rs[1].getName() + ' ' + rs[1].isCustom() + ' ' + (rs[0].getSObjectType() == Contact.SObjectType));
        try { Schema.describeSObjects(new List<String>{ 'Account', 'Nope__c' }); }
        catch (InvalidParameterValueException e) { System.debug(e.getMessage()); }`);
      expect(out).to.deep.equal([
        '2 Contact Note__c true true',
        'In describeSObjects(), the entity type requested is not found: Nope__c'
      ]);
    });

    it('DescribeSObjectResult: names, labels, key prefix, permissions, fields map, child relationships', async () => {
      const out = await debug(`
        Schema.DescribeSObjectResult d = Account.SObjectType.getDescribe();
        System.debug(d.getName() + '|' + d.getLabel() + '|' + d.getLabelPlural() + '|' + d.getKeyPrefix());
        System.debug(d.isCreateable() + ' ' + d.isUpdateable() + ' ' + d.isDeletable() + ' ' + d.isQueryable() + ' ' + d.isCustom());
        Map<String, Schema.SObjectField> fm = d.fields.getMap();
        System.debug(fm.containsKey('Name') + ' ' + fm.containsKey('name') + ' ' + fm.keySet().contains('name') + ' ' + (fm.get('NAME') == Account.Name));
        Map<String, Schema.ChildRelationship> byName = new Map<String, Schema.ChildRelationship>();
        for (Schema.ChildRelationship r : d.getChildRelationships()) if (r.getRelationshipName() != null) byName.put(r.getRelationshipName(), r);
        Schema.ChildRelationship c = byName.get('Contacts');
        System.debug(c.getChildSObject() + ' ' + c.getField() + ' ' + (c.getField() == Contact.AccountId) + ' ' + c.isCascadeDelete());`);
      expect(out).to.deep.equal([
        'Account|Account|Accounts|001',
        'true true true true false',
        'true true true true',
        'Contact AccountId true false'
      ]);
    });

    it('DescribeFieldResult: type, sizes, flags, references, picklist values', async () => {
      const out = await debug(`
        Schema.DescribeFieldResult n = Account.Name.getDescribe();
        System.debug(n.getName() + '|' + n.getLabel() + '|' + n.getType() + '|' + (n.getType() == Schema.DisplayType.STRING) + '|' + n.getLength());
        System.debug(n.isNillable() + ' ' + n.isCreateable() + ' ' + n.isUpdateable() + ' ' + n.isNameField() + ' ' + n.isCustom() + ' ' + n.isFilterable() + ' ' + n.isSortable() + ' ' + n.isGroupable());
        Schema.DescribeFieldResult o = Account.OwnerId.getDescribe();
        System.debug(o.getType() + ' ' + o.getReferenceTo() + ' ' + o.getRelationshipName() + ' ' + o.getLength());
        Schema.DescribeFieldResult id = Account.Id.getDescribe();
        System.debug(id.getType() + ' ' + id.isCreateable() + ' ' + id.isNillable());
        Schema.DescribeFieldResult ind = Account.Industry.getDescribe();
        Schema.PicklistEntry p = ind.getPicklistValues()[0];
        System.debug(ind.getType() + ' ' + p.getValue() + ' ' + p.getLabel() + ' ' + p.isActive() + ' ' + p.isDefaultValue());
        Schema.DescribeFieldResult rev = Account.AnnualRevenue.getDescribe();
        System.debug(rev.getType() + ' ' + rev.getPrecision() + ' ' + rev.getScale() + ' ' + rev.getLength() + ' ' + rev.isGroupable());
        Schema.DescribeFieldResult emp = Account.NumberOfEmployees.getDescribe();
        System.debug(emp.getType() + ' ' + emp.isUnique() + ' ' + emp.isExternalId() + ' ' + emp.isCalculated() + ' ' + emp.isAutoNumber() + ' ' + emp.getDefaultValue());
        System.debug(Schema.SObjectType.Account.fields.Name.getSObjectField() == Account.Name);`);
      expect(out).to.deep.equal([
        'Name|Account Name|STRING|true|255',
        'false true true true false true true true',
        'REFERENCE (User) Owner 0',
        'ID false false',
        'PICKLIST Agriculture Agriculture true false',
        'CURRENCY 18 0 0 false',
        'INTEGER false false false false null',
        'true'
      ]);
    });
  });

  describe('Database', () => {
    it('queryWithBinds / countQueryWithBinds / getQueryLocatorWithBinds read binds from the map', async () => {
      const out = await debug(`
        insert new List<Note__c>{ new Note__c(Name = 'bind-1'), new Note__c(Name = 'bind-2') };
        List<Note__c> r = Database.queryWithBinds('SELECT Name FROM Note__c WHERE Name = :nm', new Map<String, Object>{ 'NM' => 'bind-1' }, AccessLevel.USER_MODE);
        System.debug(r.size() + ' ' + r[0].Name);
        System.debug(Database.countQueryWithBinds('SELECT COUNT() FROM Note__c WHERE Name IN :names', new Map<String, Object>{ 'names' => new List<String>{ 'bind-1', 'bind-2' } }, AccessLevel.SYSTEM_MODE));
        try { Database.queryWithBinds('SELECT Id FROM Note__c WHERE Name = :missing', new Map<String, Object>(), AccessLevel.USER_MODE); }
        catch (QueryException e) { System.debug(e.getMessage()); }
        Database.QueryLocator ql = Database.getQueryLocatorWithBinds('SELECT Name FROM Note__c WHERE Name = :nm', new Map<String, Object>{ 'nm' => 'bind-2' }, AccessLevel.USER_MODE);
        System.debug(ql.getQuery());
        try { Database.getQueryLocatorWithBinds('SELECT Id FROM Note__c WHERE Name = :nope', new Map<String, Object>{ 'nm' => 'x' }, AccessLevel.USER_MODE); }
        catch (QueryException e) { System.debug(e.getMessage()); }`);
      expect(out).to.deep.equal([
        '1 bind-1',
        '2',
        "Key 'missing' does not exist in the bindMap",
        'SELECT Name FROM Note__c WHERE Name = :nm',
        "Key 'nope' does not exist in the bindMap"
      ]);
    });

    it('delete and undelete by Id and by List<Id>, with allOrNone', async () => {
      const out = await debug(`
        Note__c a = new Note__c(Name = 'del-a'); Note__c b = new Note__c(Name = 'del-b');
        insert new List<Note__c>{ a, b };
        Database.DeleteResult dr = Database.delete(a.Id);
        System.debug(dr.isSuccess() + ' ' + (dr.getId() == a.Id) + ' ' + [SELECT COUNT() FROM Note__c WHERE Name LIKE 'del-%']);
        List<Database.DeleteResult> drs = Database.delete(new List<Id>{ a.Id, b.Id }, false);
        System.debug(drs[0].isSuccess() + ' ' + drs[0].getErrors()[0].getStatusCode() + ' ' + drs[1].isSuccess());
        try { Database.delete(new List<Id>{ a.Id }); } catch (DmlException e) { System.debug(e.getDmlStatusCode(0)); }
        Database.UndeleteResult ur = Database.undelete(a.Id);
        List<Database.UndeleteResult> urs = Database.undelete(new List<Id>{ b.Id }, true);
        System.debug(ur.isSuccess() + ' ' + urs[0].isSuccess() + ' ' + [SELECT COUNT() FROM Note__c WHERE Name LIKE 'del-%']);`);
      expect(out).to.deep.equal(['true true 1', 'false ENTITY_IS_DELETED true', 'ENTITY_IS_DELETED', 'true true 2']);
    });
  });
});
