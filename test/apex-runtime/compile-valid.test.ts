/**
 * The must-compile table: valid Apex the checker must accept (widenings, Id ↔ String, Object and
 * SObject rules, collection covariance, scopes, overloads, inner classes, final fields assigned in
 * constructors and initialisers, …), each run with its expected debug output. A false compile error
 * on valid Apex is as wrong as a missing one.
 */
import { expect } from 'chai';
import { ApexRuntime } from '../../src/local-org/apex/index.js';
import { fakeOrg } from './fake-data-layer.js';
import { debugOf } from './helpers.js';

interface Row {
  readonly classes?: Record<string, string>;
  readonly anonymous: string;
  readonly debug: readonly string[];
}

const ROWS: readonly Row[] = [
  {
    anonymous:
      "Iterator<String> it = new List<String>{ 'a', 'b' }.iterator();\nwhile (it.hasNext()) {\n  String s = it.next();\n  System.debug(s);\n}",
    debug: ['a', 'b']
  },
  {
    anonymous: 'Iterable<Integer> src = new List<Integer>{ 1, 2 };\nfor (Integer i : src) System.debug(i);',
    debug: ['1', '2']
  },
  {
    classes: {
      Words:
        "public class Words implements Iterator<String> {\n  Integer i = 0;\n  public Boolean hasNext() { return i < 2; }\n  public String next() { i++; return 'w' + i; }\n}"
    },
    anonymous:
      'Iterator<String> it = new Words();\nwhile (it.hasNext()) {\n  String w = it.next();\n  System.debug(w);\n}',
    debug: ['w1', 'w2']
  },
  { anonymous: 'Long l = 5;\nSystem.debug(l);', debug: ['5'] },
  { anonymous: 'Decimal d = 5;\nSystem.debug(d);', debug: ['5'] },
  { anonymous: 'Double x = 5L;\nSystem.debug(x);', debug: ['5.0'] },
  { anonymous: 'Decimal d = 1.5;\nDouble x = d;\nSystem.debug(x);', debug: ['1.5'] },
  { anonymous: 'Double x = 2.5;\nDecimal d = x;\nSystem.debug(d);', debug: ['2.5'] },
  { anonymous: "Id i = '001000000000001AAA';\nString s = i;\nSystem.debug(s);", debug: ['001000000000001AAA'] },
  { anonymous: "String s = '001000000000001AAA';\nId i = s;\nSystem.debug(i);", debug: ['001000000000001AAA'] },
  { anonymous: 'Object o = 1;\nSystem.debug(o);', debug: ['1'] },
  { anonymous: "Object o = 'x';\nString s = (String) o;\nSystem.debug(s);", debug: ['x'] },
  { anonymous: 'Integer i = null;\nSystem.debug(i);', debug: ['null'] },
  { anonymous: 'List<Integer> l = null;\nSystem.debug(l);', debug: ['null'] },
  { anonymous: 'List<Object> l = new List<Integer>{ 1, 2 };\nSystem.debug(l);', debug: ['(1, 2)'] },
  { anonymous: 'List<SObject> l = new List<Account>();\nSystem.debug(l.size());', debug: ['0'] },
  { anonymous: "SObject s = new Account(Name = 'A');\nSystem.debug(s.get('Name'));", debug: ['A'] },
  { anonymous: "SObject s = new Account(Name = 'A');\nAccount a = (Account) s;\nSystem.debug(a.Name);", debug: ['A'] },
  {
    anonymous: "Account a = new Account(Name = 'A');\nSObject s = a;\nSystem.debug(s.getSObjectType());",
    debug: ['Account']
  },
  { anonymous: 'Integer i = 7;\nLong l = i * 2L;\nSystem.debug(l);', debug: ['14'] },
  { anonymous: 'Integer i = 7;\nDecimal d = i / 2.0;\nSystem.debug(d);', debug: ['3.5'] },
  { anonymous: 'Integer i = 1;\ni += 2;\ni *= 3;\nSystem.debug(i);', debug: ['9'] },
  { anonymous: 'Long l = 1;\nl += 2;\nSystem.debug(l);', debug: ['3'] },
  { anonymous: 'Decimal d = 1;\nd += 0.5;\nSystem.debug(d);', debug: ['1.5'] },
  { anonymous: "String s = 'a';\ns += 1;\nSystem.debug(s);", debug: ['a1'] },
  { anonymous: "String s = 'n=' + 1 + true + null;\nSystem.debug(s);", debug: ['n=1truenull'] },
  { anonymous: 'Date d = Date.newInstance(2026, 1, 31) + 1;\nSystem.debug(d);', debug: ['2026-02-01 00:00:00'] },
  { anonymous: 'Boolean b = 1 == 1.0;\nSystem.debug(b);', debug: ['true'] },
  { anonymous: "Boolean b = 'a' == 'A';\nSystem.debug(b);", debug: ['true'] },
  { anonymous: 'Object o = 1;\nBoolean b = o == 1;\nSystem.debug(b);', debug: ['true'] },
  { anonymous: 'Integer a = 6;\nInteger b = a & 3;\nSystem.debug(b);', debug: ['2'] },
  { anonymous: 'Boolean b = true & false;\nSystem.debug(b);', debug: ['false'] },
  { anonymous: 'Long l = 6L | 1;\nSystem.debug(l);', debug: ['7'] },
  { anonymous: "Integer i = 1;\nString s = i > 0 ? 'pos' : 'neg';\nSystem.debug(s);", debug: ['pos'] },
  { anonymous: 'Decimal d = true ? 1 : 2.5;\nSystem.debug(d);', debug: ['1'] },
  {
    anonymous: "List<String> ids = new List<Id>{ '001000000000001AAA' };\nSystem.debug(ids);",
    debug: ['(001000000000001AAA)']
  },
  {
    anonymous:
      "List<SObject> a = new List<Account>{ new Account(Name = 'A') };\nMap<Id, SObject> m = new Map<Id, Account>();\nSet<Object> o = new Set<Object>{ 1 };\nList<Account> back = (List<Account>) a;\nSystem.debug(a.size() + m.size() + o.size() + back.size());",
    debug: ['3']
  },
  {
    anonymous:
      "List<Integer> l = new List<Integer>{ 4, 5 };\nInteger i = 0;\ni++;\n--i;\nInteger n = -l[1];\nBoolean b = !(n > 0);\nBoolean c = 'a' < 'b';\nDate d = Date.newInstance(2026, 1, 1) + 2L;\nDatetime t = Datetime.newInstanceGmt(2026, 1, 1) + 0.5;\nObject o = l;\nSystem.debug(n + ' ' + b + ' ' + c + ' ' + d.day() + ' ' + t.hourGmt() + ' ' + (o instanceof List<Integer>) + ' ' + ~i);",
    debug: ['-5 true true 3 12 true -1']
  },
  {
    classes: {
      A: 'public virtual class A {\n  public Integer x;\n  public A(Integer x) {\n    this.x = x;\n  }\n}',
      B: 'public class B extends A {\n  public B() {\n    this(2);\n  }\n  public B(Integer x) {\n    super(x * 10);\n  }\n}',
      T: '@IsTest\nprivate class T {\n}'
    },
    anonymous: 'System.debug(new B().x);',
    debug: ['20']
  },
  {
    classes: {
      Base: 'public virtual class Base {\n  protected Integer n = 1;\n  protected Integer twice() {\n    return 2;\n  }\n}',
      Sub: 'public class Sub extends Base {\n  public Integer sum() {\n    return n + twice();\n  }\n}'
    },
    anonymous: 'System.debug(new Sub().sum());',
    debug: ['3']
  },
  {
    classes: {
      Vault:
        'public class Vault {\n  @TestVisible\n  public static Integer open() {\n    return 4;\n  }\n  public class Inner {\n    public Integer v = 5;\n  }\n}'
    },
    anonymous: 'Vault.Inner i = new Vault.Inner();\nSystem.debug(Vault.open() + i.v);',
    debug: ['9']
  },
  {
    classes: {
      A: "public class A {\n  @future(callout=true)\n  public static void f(Map<Id, Id> a, Set<Id> b, List<String> c, Integer d) {\n  }\n  @AuraEnabled\n  public Integer getCount() {\n    return 1;\n  }\n  @AuraEnabled(cacheable=true)\n  public static String label(String s) {\n    return s + '!';\n  }\n}"
    },
    anonymous: "System.debug(new A().getCount());\nSystem.debug(A.label('x'));",
    debug: ['1', 'x!']
  },
  {
    classes: {
      A: "public class A {\n  public static Decimal widen() {\n    return 1;\n  }\n  public static Id id() {\n    return '001000000000001AAA';\n  }\n  public static List<Object> items() {\n    return new List<Integer>{ 1 };\n  }\n  public static String none() {\n    return null;\n  }\n}"
    },
    anonymous: 'System.debug(A.widen());\nSystem.debug(A.id());\nSystem.debug(A.items());\nSystem.debug(A.none());',
    debug: ['1', '001000000000001AAA', '(1)', 'null']
  },
  {
    anonymous:
      "Boolean b = false;\nObject o = b ? 'a' : null;\nString s = b ? null : 'x';\nObject n = b ? (Object) 'a' : 1;\nSystem.debug(o);\nSystem.debug(s);\nSystem.debug(n);",
    debug: ['null', 'x', '1']
  },
  { anonymous: 'Decimal d = null;\nDecimal e = d ?? 1;\nSystem.debug(e);', debug: ['1'] },
  {
    anonymous:
      "Id i = '001000000000001AAA';\nSystem.debug(String.isBlank(i));\nSystem.debug(String.isBlank(null));\nSystem.debug('abc'.substring(1));",
    debug: ['false', 'true', 'bc']
  },
  {
    anonymous:
      "List<Decimal> d = new List<Decimal>();\nd.add(1);\nd.add(0, 2.5);\nList<Object> o = new List<Object>();\no.add('x');\nSet<Id> ids = new Set<Id>();\nids.add('001000000000001AAA');\nMap<String, Object> m = new Map<String, Object>();\nm.put('a', 1);\nSystem.debug(d);\nSystem.debug(o.size() + ids.size() + m.size());",
    debug: ['(2.5, 1)', '3']
  },
  {
    anonymous:
      "Long l = 2;\nswitch on l {\n  when 1, 2 {\n    System.debug('small');\n  }\n  when else {\n    System.debug('big');\n  }\n}\nSObject s = new Account(Name = 'A');\nswitch on s {\n  when null {\n    System.debug('none');\n  }\n  when Account a {\n    System.debug(a.Name);\n  }\n}",
    debug: ['small', 'A']
  },
  {
    anonymous:
      "List<Account> l = [SELECT Id, Name FROM Account WHERE Name = 'x' AND NumberOfEmployees > 1 ORDER BY Name];\nSystem.debug(l.size());",
    debug: ['0']
  },
  {
    anonymous:
      'Date d = Date.newInstance(2026, 1, 2);\nDatetime t = Datetime.newInstance(2026, 1, 2);\nSystem.debug(d.day() + t.day());',
    debug: ['4']
  },
  { anonymous: "String s = null;\nString t = s ?? 'dflt';\nSystem.debug(t);", debug: ['dflt'] },
  { anonymous: 'Account a = null;\nSystem.debug(a?.Name);', debug: ['null'] },
  { anonymous: 'Object o = new Account();\nSystem.debug(o instanceof Account);', debug: ['true'] },
  { anonymous: 'List<Integer> l = new List<Integer>{ 3, 1 };\nl.sort();\nSystem.debug(l);', debug: ['(1, 3)'] },
  {
    anonymous: "Set<String> s = new Set<String>{ 'a' };\nBoolean added = s.add('b');\nSystem.debug(added);",
    debug: ['true']
  },
  {
    anonymous:
      "Map<String, Integer> m = new Map<String, Integer>{ 'a' => 1 };\nInteger v = m.get('a');\nSystem.debug(v);",
    debug: ['1']
  },
  {
    anonymous:
      "Map<String, Integer> m = new Map<String, Integer>{ 'a' => 1 };\nfor (String k : m.keySet()) {\n  System.debug(k);\n}",
    debug: ['a']
  },
  {
    anonymous:
      "Map<String, Integer> m = new Map<String, Integer>{ 'a' => 1 };\nList<Integer> vs = m.values();\nSystem.debug(vs);",
    debug: ['(1)']
  },
  { anonymous: 'Integer[] arr = new Integer[]{ 1, 2 };\nSystem.debug(arr[1]);', debug: ['2'] },
  { anonymous: "List<String> parts = 'a,b'.split(',');\nSystem.debug(parts.size());", debug: ['2'] },
  { anonymous: 'for (Integer i = 0, j = 10; i < 2; i++) {\n  System.debug(i + j);\n}', debug: ['10', '11'] },
  { anonymous: 'Integer i = 0;\nwhile (true) {\n  if (++i > 2) {\n    break;\n  }\n}\nSystem.debug(i);', debug: ['3'] },
  { anonymous: 'Integer i = 0;\ndo {\n  i++;\n} while (i < 3);\nSystem.debug(i);', debug: ['3'] },
  {
    anonymous: 'for (Integer i = 0; i < 3; i++) {\n  if (i == 1) {\n    continue;\n  }\n  System.debug(i);\n}',
    debug: ['0', '2']
  },
  {
    anonymous: '{\n  Integer x = 1;\n  System.debug(x);\n}\n{\n  Integer x = 2;\n  System.debug(x);\n}',
    debug: ['1', '2']
  },
  {
    anonymous:
      'for (Integer i = 0; i < 1; i++) {\n  System.debug(i);\n}\nfor (Integer i = 5; i < 6; i++) {\n  System.debug(i);\n}',
    debug: ['0', '5']
  },
  {
    anonymous: 'try {\n  Integer x = 1 / 0;\n} catch (MathException e) {\n  System.debug(e.getMessage());\n}',
    debug: ['Divide by 0']
  },
  {
    anonymous:
      "try {\n  throw new DmlException('boom');\n} catch (DmlException e) {\n  System.debug(e.getMessage());\n} catch (Exception e) {\n  System.debug('other');\n}",
    debug: ['boom']
  },
  { anonymous: "Exception e = new DmlException('x');\nSystem.debug(e.getMessage());", debug: ['x'] },
  { anonymous: 'final Integer x = 1;\nSystem.debug(x);', debug: ['1'] },
  { anonymous: "String s = 'abc';\nSystem.debug(s.substring(1).toUpperCase());", debug: ['BC'] },
  { anonymous: "Integer n = 'abc'.length() + 'x'.indexOf('x');\nSystem.debug(n);", debug: ['3'] },
  { anonymous: "Object r = String.valueOf(1) + Integer.valueOf('2');\nSystem.debug(r);", debug: ['12'] },
  { anonymous: 'List<Account> l = [SELECT Id FROM Account];\nSystem.debug(l.size());', debug: ['0'] },
  {
    anonymous:
      "String name = 'x';\nList<Account> l = [SELECT Id FROM Account WHERE Name = :name];\nSystem.debug(l.size());",
    debug: ['0']
  },
  { anonymous: "Account a = new Account(Name = 'N');\ninsert a;\nSystem.debug(a.Id != null);", debug: ['true'] },
  {
    anonymous:
      "List<Account> l = new List<Account>{ new Account(Name = 'N') };\ninsert l;\nSystem.debug(l[0].Id != null);",
    debug: ['true']
  },
  {
    anonymous:
      "switch on 2 {\n  when 1 {\n    System.debug('one');\n  }\n  when 2, 3 {\n    System.debug('two');\n  }\n  when else {\n    System.debug('other');\n  }\n}",
    debug: ['two']
  },
  {
    anonymous:
      "Object o = new Account(Name = 'S');\nswitch on o {\n  when Account a {\n    System.debug(a.Name);\n  }\n  when else {\n    System.debug('?');\n  }\n}",
    debug: ['S']
  },
  { anonymous: 'Integer x = 5;\nx++;\n--x;\nSystem.debug(x);', debug: ['5'] },
  { anonymous: 'System.debug(Math.max(1, 2));', debug: ['2'] },
  {
    classes: {
      A: 'public class A {\n  public static Integer twice(Integer x) {\n    return x * 2;\n  }\n  public static Long twice(Long x) {\n    return x * 3;\n  }\n}'
    },
    anonymous: 'System.debug(A.twice(2));\nSystem.debug(A.twice(2L));',
    debug: ['4', '6']
  },
  {
    classes: {
      A: "public virtual class A {\n  public virtual String name() {\n    return 'A';\n  }\n  public class B extends A {\n    public override String name() {\n      return 'B';\n    }\n  }\n}"
    },
    anonymous: 'A a = new A.B();\nSystem.debug(a.name());',
    debug: ['B']
  },
  {
    classes: {
      A: 'public class A {\n  private Integer secret = 42;\n  public class Inner {\n    public Integer peek(A outer) {\n      return outer.secret;\n    }\n  }\n}'
    },
    anonymous: 'System.debug(new A.Inner().peek(new A()));',
    debug: ['42']
  },
  {
    classes: { A: 'public class A {\n  public final Integer size;\n  public A() {\n    size = 3;\n  }\n}' },
    anonymous: 'System.debug(new A().size);',
    debug: ['3']
  },
  {
    classes: { A: "public class A {\n  public static final String NAME;\n  static {\n    NAME = 'init';\n  }\n}" },
    anonymous: 'System.debug(A.NAME);',
    debug: ['init']
  },
  {
    classes: {
      A: 'public class A {\n  public Integer count { get; private set; }\n  public A() {\n    count = 2;\n  }\n}'
    },
    anonymous: 'System.debug(new A().count);',
    debug: ['2']
  },
  {
    classes: {
      A: 'public class A {\n  public static Integer pick(Object o) {\n    return 1;\n  }\n  public static Integer pick(String s) {\n    return 2;\n  }\n}'
    },
    anonymous: "System.debug(A.pick('x'));\nSystem.debug(A.pick(1));",
    debug: ['2', '1']
  },
  {
    classes: {
      A: 'public class A {\n  public static String describe(SObject s) {\n    return String.valueOf(s.getSObjectType());\n  }\n}'
    },
    anonymous: "System.debug(A.describe(new Contact(LastName = 'L')));",
    debug: ['Contact']
  },
  {
    classes: {
      A: 'public class A {\n  public static Integer total(List<Integer> xs) {\n    Integer t = 0;\n    for (Integer x : xs) {\n      t += x;\n    }\n    return t;\n  }\n}'
    },
    anonymous: 'System.debug(A.total(new List<Integer>{ 1, 2, 3 }));',
    debug: ['6']
  },
  {
    classes: {
      A: 'public class A {\n  public interface Shape {\n    Decimal area();\n  }\n  public class Sq implements Shape {\n    public Decimal area() {\n      return 4;\n    }\n  }\n}'
    },
    anonymous: 'A.Shape s = new A.Sq();\nSystem.debug(s.area());',
    debug: ['4']
  },
  {
    classes: {
      A: 'public class A {\n  public static Integer sign(Integer x) {\n    if (x > 0) {\n      return 1;\n    } else if (x < 0) {\n      return -1;\n    } else {\n      return 0;\n    }\n  }\n}'
    },
    anonymous: 'System.debug(A.sign(-5));',
    debug: ['-1']
  },
  {
    classes: { A: "public class A {\n  public static Integer fail() {\n    throw new DmlException('always');\n  }\n}" },
    anonymous: 'try {\n  A.fail();\n} catch (DmlException e) {\n  System.debug(e.getMessage());\n}',
    debug: ['always']
  },
  {
    classes: { A: 'public class A {\n  public class NotFoundException extends Exception {\n  }\n}' },
    anonymous:
      "try {\n  throw new A.NotFoundException('nf');\n} catch (A.NotFoundException e) {\n  System.debug(e.getMessage());\n}",
    debug: ['nf']
  },
  {
    classes: { A: 'public class A {\n  Integer n = 1;\n  public Integer next() {\n    return this.n++;\n  }\n}' },
    anonymous: 'A a = new A();\na.next();\nSystem.debug(a.next());',
    debug: ['2']
  }
];

describe('apex compiler: valid programs compile and run (must-compile table)', () => {
  it('has at least 60 programs', () => expect(ROWS.length).to.be.at.least(60));

  for (const row of ROWS) {
    const title = row.anonymous.replace(/\s+/g, ' ').slice(0, 100);
    it(title, () => {
      expect(debugOf(row.anonymous, row.classes ?? {})).to.deep.equal(row.debug);
    });
  }
});

/**
 * Valid classes that must compile though the local runtime cannot run every member they call: Id and
 * List members the Apex Reference documents (`Id.getSObjectType()`, `List.getSObjectType()`), and a
 * subclass of a user class extending a platform class whose methods the class table does not list.
 */
const COMPILE_ONLY: readonly Record<string, string>[] = [
  {
    A: "public class A {\n  public static Object kind(Id i, List<Account> l) {\n    return i.getSObjectType() + ' ' + l.getSObjectType() + ' ' + i.to15();\n  }\n}"
  },
  {
    NotFoundException: 'public virtual class NotFoundException extends Exception {\n}',
    Special:
      "public class Special {\n  public virtual class BaseException extends NotFoundException {\n  }\n  public class LeafException extends BaseException {\n    public override String getMessage() {\n      return 'leaf';\n    }\n  }\n}"
  }
];

describe('apex compiler: valid classes compile (compile-only)', () => {
  for (const classes of COMPILE_ONLY) {
    it(Object.keys(classes).join(', '), () => {
      const files = Object.entries(classes).map(([name, body]) => ({ name, body }));
      expect(new ApexRuntime(fakeOrg()).compile(files).problems).to.deep.equal([]);
    });
  }
});
