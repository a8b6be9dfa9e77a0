/**
 * Type.forName with a namespace, JSON.deserializeStrict, and sObject get/put of a field the object lacks,
 * against a local org's schema.
 */
import { expect } from 'chai';
import type { LocalOrg } from '../../src/local-org/index.js';
import { orgWithClasses, run, userDebug } from '../apex-async/helpers.js';

describe('Apex library: types, strict JSON and dynamic field access', () => {
  let org: LocalOrg;
  before(async () => {
    org = await orgWithClasses({
      RateDto: 'public class RateDto { public String code; public Decimal rate; }'
    });
  });
  after(async () => {
    await org.stop();
  });

  async function debug(code: string): Promise<string[]> {
    const r = await run(org, code);
    expect(r.success, r.message).to.equal(true);
    return userDebug(r.log);
  }

  it('Type.forName(namespace, name): a null or empty namespace is no namespace; another names nothing here', async () => {
    const out = await debug(`
      System.debug(Type.forName(null, 'RateDto') + ' ' + Type.forName('', 'RateDto') + ' ' + Type.forName('RateDto'));
      System.debug(Type.forName('acme', 'RateDto') + ' ' + Type.forName(null, 'Nope') + ' ' + Type.forName('', 'account'));
      System.debug(Type.forName('System', 'String').getName() + ' ' + Type.forName('acme', 'String'));`);
    expect(out).to.deep.equal(['RateDto RateDto RateDto', 'null null Account', 'String null']);
  });

  it('JSON.deserializeStrict rejects an attribute the class or sObject lacks; deserialize ignores it', async () => {
    const out = await debug(`
      String body = '{"code":"EUR","rate":1.1,"extra":true}';
      RateDto lax = (RateDto) JSON.deserialize(body, RateDto.class);
      System.debug(lax.code + ' ' + lax.rate);
      try { JSON.deserializeStrict(body, RateDto.class); } catch (JSONException e) { System.debug(e.getMessage()); }
      RateDto ok = (RateDto) JSON.deserializeStrict('{"code":"USD","rate":1}', RateDto.class);
      System.debug(ok.code);
      try { JSON.deserializeStrict('{"Name":"n","first":1}', Account.class); } catch (JSONException e) { System.debug(e.getMessage()); }
      Account a = (Account) JSON.deserialize('{"Name":"n","first":1}', Account.class);
      System.debug(a);
      Contact c = (Contact) JSON.deserializeStrict('{"LastName":"l","Account":{"Name":"parent"}}', Contact.class);
      System.debug(c.Account.Name);`);
    expect(out).to.deep.equal([
      'EUR 1.1',
      'Unknown field: RateDto.extra',
      'USD',
      "No such column 'first' on sobject of type Account",
      'Account:{Name=n}',
      'parent'
    ]);
  });

  it('get/put of a field the object lacks raises SObjectException; field tokens work as names', async () => {
    const out = await debug(`
      Account a = new Account(Name = 'x');
      try { a.put('Nope__c', 1); } catch (SObjectException e) { System.debug(e.getMessage()); }
      try { a.get('nope__c'); } catch (SObjectException e) { System.debug(e.getMessage()); }
      a.put(Account.Name, 'y');
      System.debug(a.get(Account.Name) + ' ' + a.get('NAME'));
      Note__c n = new Note__c();
      try { n.put('Title__c', 'x'); } catch (SObjectException e) { System.debug(e.getTypeName() + ': ' + e.getMessage()); }
      insert new Contact(LastName = 'Related');
      Contact q = [SELECT Account.Name, LastName FROM Contact WHERE LastName = 'Related'];
      System.debug(q.get('LastName'));`);
    expect(out).to.deep.equal([
      'Invalid field Nope__c for Account',
      'Invalid field nope__c for Account',
      'y y',
      'System.SObjectException: Invalid field Title__c for Note__c',
      'Related'
    ]);
  });
});
