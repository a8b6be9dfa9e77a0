import { expect } from 'chai';
import { debugOf, run } from './helpers.js';

describe('apex runtime: Id, TimeZone, JSONGenerator, UserInfo and not-yet-supported platform calls', () => {
  it('validates ids with Id.valueOf', () => {
    expect(debugOf(`System.debug(Id.valueOf('001000000000001AAA'));`)).to.deep.equal(['001000000000001AAA']);
    expect(run(`Id i = Id.valueOf('nope');`).exceptionMessage).to.equal('System.StringException: Invalid id: nope');
  });

  it('reads time zones and their offsets', () => {
    const out = debugOf(`
      TimeZone tz = TimeZone.getTimeZone('America/New_York');
      System.debug(tz.getID() + ' ' + tz.getOffset(Datetime.newInstanceGmt(2026, 1, 15, 12, 0, 0)));
      System.debug(UserInfo.getTimeZone().getID());`);
    expect(out).to.deep.equal(['America/New_York -18000000', 'America/Los_Angeles']);
  });

  it('writes JSON with JSONGenerator', () => {
    const out = debugOf(`
      JSONGenerator g = JSON.createGenerator(false);
      g.writeStartObject();
      g.writeStringField('name', 'x');
      g.writeNumberField('n', 1.50);
      g.writeFieldName('list');
      g.writeStartArray(); g.writeBoolean(true); g.writeNull(); g.writeEndArray();
      g.writeObjectField('m', new Map<String, Integer>{'a' => 1});
      g.writeEndObject();
      System.debug(g.getAsString());`);
    expect(out).to.deep.equal(['{"name":"x","n":1.50,"list":[true,null],"m":{"a":1}}']);
  });

  it('reports the running user currency settings from the data layer', () => {
    expect(
      debugOf(`System.debug(UserInfo.isMultiCurrencyOrganization() + ' ' + UserInfo.getDefaultCurrency());`)
    ).to.deep.equal(['true USD']);
  });

  it('returns "Script-thrown exception" from AuraHandledException.getMessage() unless setMessage was called', () => {
    const out = debugOf(`
      AuraHandledException a = new AuraHandledException('detail');
      System.debug(a.getMessage());
      a.setMessage('detail'); System.debug(a.getMessage());`);
    expect(out).to.deep.equal(['Script-thrown exception', 'detail']);
  });

  it('compiles calls to platform features of later work and fails them loudly at run time', () => {
    const r = run(`System.debug(Test.isRunningTest());\nTest.startTest();`);
    expect(r.compiled).to.equal(true);
    expect(r.out).to.deep.equal(['false']);
    // "outside an Apex test run" once the test runner's library is loaded (it is in the local org)
    expect(r.exceptionMessage).to.match(
      /^not supported by the local runtime: Test\.startTest( outside an Apex test run)? at AnonymousBlock:2$/
    );
    const m = run(`Messaging.reserveSingleEmailCapacity(1);`);
    expect(m.compiled).to.equal(true);
    expect(m.exceptionMessage).to.match(/^not supported by the local runtime: Messaging\.\w+ at AnonymousBlock:1$/);
  });
});

describe('apex runtime: Type, sObject helpers, DML limits, @future', () => {
  it('resolves types with Type.forName and X.class and creates instances', () => {
    const out = debugOf(`
      public class Greeter { public String hi() { return 'hi'; } }
      Type t = Type.forName('AnonymousBlock.Greeter');
      System.debug(t == Greeter.class);
      Greeter g = (Greeter) Greeter.class.newInstance(); System.debug(g.hi());
      System.debug(Type.forName('NoSuchType'));
      System.debug(List<String>.class.getName());`);
    expect(out).to.deep.equal(['true', 'hi', 'null', 'List<String>']);
  });

  it('lists populated fields of an sObject', () => {
    expect(
      debugOf(
        `Account a = new Account(Name = 'X'); a.put('NumberOfEmployees', 3); System.debug(a.getPopulatedFieldsAsMap());`
      )
    ).to.deep.equal(['{Name=X, NumberOfEmployees=3}']);
  });

  it('stops at 150 DML statements with LimitException', () => {
    const r = run(`for (Integer i = 0; i < 151; i++) { insert new Account(Name = 'a' + i); }`);
    expect(r.exceptionMessage).to.equal('System.LimitException: Too many DML statements: 151');
    expect(r.data.tables.get('account') ?? []).to.have.length(0);
  });

  it('refuses an @future call without an asynchronous job host, and never runs it synchronously', () => {
    const r = run(`public class Job { @future public static void later() { System.debug('x'); } }\nJob.later();`);
    expect(r.exceptionMessage).to.equal(
      'not supported by the local runtime: @future method AnonymousBlock.Job.later (the runtime was given no asynchronous job host) at AnonymousBlock:2'
    );
  });
});

describe('apex runtime: Blob, EncodingUtil, Crypto', () => {
  it('encodes and decodes base64, hex and URLs, and computes digests', () => {
    const out = debugOf(`
      Blob b = Blob.valueOf('hello');
      System.debug(EncodingUtil.base64Encode(b) + ' ' + EncodingUtil.base64Decode('aGVsbG8=').toString() + ' ' + b.size());
      System.debug(EncodingUtil.urlEncode('a b&c=d/é', 'UTF-8') + ' ' + EncodingUtil.urlDecode('a+b%26c', 'UTF-8'));
      System.debug(EncodingUtil.convertToHex(Crypto.generateDigest('SHA-256', Blob.valueOf('abc'))));
      System.debug(EncodingUtil.base64Encode(Crypto.generateMac('hmacSHA256', Blob.valueOf('data'), Blob.valueOf('key'))));`);
    expect(out).to.deep.equal([
      'aGVsbG8= hello 5',
      'a+b%26c%3Dd%2F%C3%A9 a b&c',
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      'UDH+PZicbRU3oBP6bnOdojRj/a7DtwE32Cjjas4iG9A='
    ]);
  });
});

describe('apex runtime: platform namespaces not implemented yet', () => {
  it('compiles code that uses them and fails at the first use', () => {
    const r = run(
      `Approval.ProcessResult result;\nSystem.debug('before');\nMessaging.SingleEmailMessage mail = new Messaging.SingleEmailMessage();`
    );
    expect(r.compiled).to.equal(true);
    expect(r.out).to.deep.equal(['before']);
    expect(r.exceptionMessage).to.equal(
      'not supported by the local runtime: new Messaging.SingleEmailMessage at AnonymousBlock:3'
    );
    const p = run(`Approval.lock(new Account(Name = 'x'));`);
    expect(p.exceptionMessage).to.equal('not supported by the local runtime: Approval.lock at AnonymousBlock:1');
  });

  it('still rejects an unknown type outside the platform namespaces', () => {
    const r = run(`Foo.Bar x;`);
    expect(r.compiled).to.equal(false);
    expect(r.compileProblem).to.equal('Invalid type: Foo.Bar');
  });
});
