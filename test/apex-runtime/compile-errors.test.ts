/**
 * The compile-error table: each program must fail to compile with the org compiler's wording, at the
 * given line and column (1-based). Anonymous programs go through executeAnonymous (compiled: false,
 * compileProblem, line, column); class programs through a deploy-time compile (the problem named is
 * the last one reported for the program). Wordings are the compiler's message catalogue
 * (docs/platform-facts.md, "Apex compiler"); positions are the local compiler's choice where no org
 * log shows them (docs/apex-runtime.md).
 */
import { expect } from 'chai';
import { ApexRuntime, executeAnonymous } from '../../src/local-org/apex/index.js';
import { fakeOrg } from './fake-data-layer.js';

interface Row {
  readonly anonymous?: string;
  readonly classes?: Record<string, string>;
  /** Trigger sources, checked after `classes` compile (runtime.checkTriggers). */
  readonly triggers?: Record<string, string>;
  readonly problem: string;
  readonly at: readonly [number, number];
  readonly file?: string;
}

const NO_SUCH_COLUMN =
  "No such column 'Nope__c' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

const ROWS: readonly Row[] = [
  // Iterator<T>.next() is a T and Iterable<T>.iterator() an Iterator<T> (Apex Reference, Iterator and Iterable interfaces)
  {
    anonymous: "Iterator<String> it = new List<String>{ 'a' }.iterator();\nInteger i = it.next();",
    problem: 'Illegal assignment from String to Integer',
    at: [2, 9]
  },
  {
    anonymous:
      'Iterable<Integer> src = new List<Integer>{ 1, 2 };\nIterator<Integer> it = src.iterator();\nString s = it.next();',
    problem: 'Illegal assignment from Integer to String',
    at: [3, 8]
  },
  {
    anonymous: 'List<Account> l = [SELECT Id, Nope__c FROM Account];',
    problem:
      "No such column 'Nope__c' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    at: [1, 31]
  },
  { anonymous: 'Integer i = 2147483648;', problem: 'Illegal integer', at: [1, 13] },
  { anonymous: 'Long l = 9223372036854775808L;', problem: 'Illegal long', at: [1, 10] },
  { anonymous: 'Long l = -9223372036854775808L;', problem: 'Illegal long', at: [1, 11] },
  { anonymous: "Integer i = 'a';", problem: 'Illegal assignment from String to Integer', at: [1, 9] },
  { anonymous: 'Integer i = 5L;', problem: 'Illegal assignment from Long to Integer', at: [1, 9] },
  { anonymous: 'Integer i = 1.0;', problem: 'Illegal assignment from Decimal to Integer', at: [1, 9] },
  { anonymous: 'Integer i = 5;\ni += 1.5;', problem: 'Illegal assignment from Decimal to Integer', at: [2, 1] },
  { anonymous: 'Long l = 5;\nInteger i = l;', problem: 'Illegal assignment from Long to Integer', at: [2, 9] },
  { anonymous: 'Boolean b = 1;', problem: 'Illegal assignment from Integer to Boolean', at: [1, 9] },
  { anonymous: 'Long x = 1.0;', problem: 'Illegal assignment from Decimal to Long', at: [1, 6] },
  { anonymous: 'String s = 1;', problem: 'Illegal assignment from Integer to String', at: [1, 8] },
  {
    anonymous: 'List<String> x = new List<Integer>();',
    problem: 'Illegal assignment from List<Integer> to List<String>',
    at: [1, 14]
  },
  {
    anonymous: 'Set<String> x = new Set<Integer>();',
    problem: 'Illegal assignment from Set<Integer> to Set<String>',
    at: [1, 13]
  },
  {
    anonymous: 'Map<String, String> x = new Map<String, Integer>();',
    problem: 'Illegal assignment from Map<String,Integer> to Map<String,String>',
    at: [1, 21]
  },
  {
    anonymous: 'Set<Integer> x = new Set<Integer>();\nString y = x.add(1);',
    problem: 'Illegal assignment from Boolean to String',
    at: [2, 8]
  },
  {
    anonymous: "Integer i = (Integer) '5';",
    problem: 'Incompatible types since an instance of String is never an instance of Integer',
    at: [1, 13]
  },
  {
    anonymous: 'Integer i = 5;\nBoolean r = i === 5;',
    problem: 'Exact equality operator only allowed for reference types: Integer',
    at: [2, 13]
  },
  {
    anonymous: 'Object r = 6 & 3 == 2;',
    problem: '& operator can only be applied to Boolean expressions or to Integer or Long expressions',
    at: [1, 12]
  },
  { anonymous: 'Integer i = null + 1;', problem: 'Arithmetic expressions must use numeric arguments', at: [1, 13] },
  {
    anonymous: 'Integer i = 5;\nInteger j = i.intValue();',
    problem: 'Method does not exist or incorrect signature: void intValue() from the type Integer',
    at: [2, 15]
  },
  {
    anonymous: 'Double d = 1.0;\nObject r = d.setScale(2);',
    problem: 'Method does not exist or incorrect signature: void setScale(Integer) from the type Double',
    at: [2, 14]
  },
  {
    anonymous: "List<Integer> x = new List<Integer>{ 'a' };",
    problem: 'Initial expression is of incorrect type, expected: Integer but was: String',
    at: [1, 38]
  },
  {
    anonymous: 'List<Integer> x = new List<Integer>();\nx.get();',
    problem: 'Method does not exist or incorrect signature: void get() from the type List<Integer>',
    at: [2, 3]
  },
  {
    anonymous: 'Set<Integer> x = new Set<Integer>();\nx.get(0);',
    problem: 'Method does not exist or incorrect signature: void get(Integer) from the type Set<Integer>',
    at: [2, 3]
  },
  {
    anonymous: 'Set<Integer> x = new Set<Integer>();\nx.add(0, 1);',
    problem: 'Method does not exist or incorrect signature: void add(Integer, Integer) from the type Set<Integer>',
    at: [2, 3]
  },
  {
    anonymous: 'List<Integer> x = new List<Integer>();\nx.remove(0, 1);',
    problem: 'Method does not exist or incorrect signature: void remove(Integer, Integer) from the type List<Integer>',
    at: [2, 3]
  },
  {
    anonymous: "Object r = 'abc'.substring();",
    problem: 'Method does not exist or incorrect signature: void substring() from the type String',
    at: [1, 18]
  },
  {
    anonymous: 'Object r = String.isBlank();',
    problem: 'Method does not exist or incorrect signature: void isBlank() from the type String',
    at: [1, 12]
  },
  {
    anonymous: "Object r = 'abc'.getChars(0);",
    problem: 'Method does not exist or incorrect signature: void getChars(Integer) from the type String',
    at: [1, 18]
  },
  { anonymous: 'System.debug(y);', problem: 'Variable does not exist: y', at: [1, 14] },
  { anonymous: 'y = 1;', problem: 'Variable does not exist: y', at: [1, 1] },
  { anonymous: 'Foo.bar();', problem: 'Variable does not exist: Foo', at: [1, 1] },
  { anonymous: 'Foo f;', problem: 'Invalid type: Foo', at: [1, 1] },
  { anonymous: 'Integer x = 1;\nInteger x = 2;', problem: 'Duplicate variable: x', at: [2, 9] },
  { anonymous: 'Integer x = 1;\nif (true) {\n  Integer x = 2;\n}', problem: 'Duplicate variable: x', at: [3, 11] },
  {
    anonymous: 'for (Integer i = 0; i < 1; i++) {\n  Integer i = 2;\n}',
    problem: 'Duplicate variable: i',
    at: [2, 11]
  },
  { anonymous: 'if (1) {\n}', problem: 'Condition expression must be of type Boolean: Integer', at: [1, 5] },
  { anonymous: "while ('a') {\n}", problem: 'Condition expression must be of type Boolean: String', at: [1, 8] },
  {
    anonymous: 'Integer x;\nfor (; x; ) {\n}',
    problem: 'Condition expression must be of type Boolean: Integer',
    at: [2, 8]
  },
  { anonymous: 'break;', problem: 'Break statement must be in loop', at: [1, 1] },
  { anonymous: 'continue;', problem: 'Continue statement must be in loop', at: [1, 1] },
  { anonymous: 'throw new Account();', problem: 'Throw expression must be of type exception: Account', at: [1, 7] },
  {
    anonymous: 'try {\n} catch (String s) {\n}',
    problem: 'Catch block variable must be of type exception: String',
    at: [2, 10]
  },
  {
    anonymous: 'try {\n} catch (Exception e) {\n} catch (Exception f) {\n}',
    problem: 'Exception type already caught: Exception',
    at: [3, 10]
  },
  { anonymous: 'Integer i = 1;\ni;', problem: 'Expression cannot be a statement.', at: [2, 1] },
  { anonymous: '1 + 2;', problem: 'Expression cannot be a statement.', at: [1, 1] },
  { anonymous: 'Integer i = 1;\ninsert i;', problem: 'DML requires SObject or SObject list type: Integer', at: [2, 8] },
  { anonymous: 'for (Integer i : 5) {\n}', problem: 'Loop must iterate over collection: Integer', at: [1, 18] },
  {
    anonymous: 'for (String s : new List<Integer>()) {\n}',
    problem: 'Invalid loop variable type expected Integer was String',
    at: [1, 6]
  },
  {
    anonymous: "Boolean b = 1 == 'a';",
    problem: 'Comparison arguments must be compatible types: Integer, String',
    at: [1, 13]
  },
  { anonymous: 'Account a = new Account();\na.Foo__c = 1;', problem: 'Variable does not exist: Foo__c', at: [2, 3] },
  // A field neither createable nor updateable (sema/field-writes.ts)
  {
    anonymous: 'Account a = new Account();\na.CreatedDate = System.now();',
    problem: 'Field is not writeable: Account.CreatedDate',
    at: [2, 1]
  },
  {
    anonymous: "Account a = new Account(Name = 'x', CreatedDate = System.now());",
    problem: 'Field is not writeable: Account.CreatedDate',
    at: [1, 37]
  },
  { anonymous: "Object o = 'a';\nString s = o;", problem: 'Illegal assignment from Object to String', at: [2, 8] },
  { anonymous: "String s = 'a' - 'b';", problem: 'Arithmetic expressions must use numeric arguments', at: [1, 12] },
  {
    anonymous: 'Integer i = 1;\ni.foo();',
    problem: 'Method does not exist or incorrect signature: void foo() from the type Integer',
    at: [2, 3]
  },
  { anonymous: 'new Foo();', problem: 'Invalid type: Foo', at: [1, 5] },
  {
    anonymous: 'Date d = Date.today();\nInteger i = d;',
    problem: 'Illegal assignment from Date to Integer',
    at: [2, 9]
  },
  {
    anonymous: 'List<Account> l = [SELECT Id FROM Account WHERE Name = :nope];',
    problem: 'Variable does not exist: nope',
    at: [1, 57]
  },
  {
    anonymous: 'Map<String, Integer> m = new Map<String, Integer>();\nm.put(1);',
    problem: 'Method does not exist or incorrect signature: void put(Integer) from the type Map<String,Integer>',
    at: [2, 3]
  },
  { anonymous: 'do {\n} while (1);', problem: 'Condition expression must be of type Boolean: Integer', at: [2, 10] },
  {
    anonymous: "String s = 'x';\ns.length(1);",
    problem: 'Method does not exist or incorrect signature: void length(Integer) from the type String',
    at: [2, 3]
  },
  {
    anonymous: "Integer i = 'a'.length() + true;",
    problem: 'Arithmetic expressions must use numeric arguments',
    at: [1, 13]
  },
  { anonymous: "Id i = 'x';\nInteger n = i;", problem: 'Illegal assignment from Id to Integer', at: [2, 9] },
  {
    classes: { A: 'public class A {\n  public void m() {\n    return 1;\n  }\n}' },
    problem: 'Void method must not return a value',
    at: [3, 5],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  public Integer f() {\n    return 1;\n    System.debug(2);\n  }\n}' },
    problem: 'Unreachable statement',
    at: [4, 5],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  Integer x;\n  static void m() {\n    System.debug(x);\n  }\n}' },
    problem: 'Non static field cannot be referenced from a static context: x from the type A',
    at: [4, 18],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  static void m() {\n    System.debug(this);\n  }\n}' },
    problem: 'This cannot be referenced in a static context',
    at: [3, 18],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  final Integer x = 1;\n  void m() {\n    x = 2;\n  }\n}' },
    problem: 'Final members can only be assigned in their declaration, init blocks, or constructors: x',
    at: [4, 5],
    file: 'A'
  },
  {
    classes: { A: "public class A {\n  void m() {\n    throw new DmlException('x');\n    System.debug(1);\n  }\n}" },
    problem: 'Unreachable statement',
    at: [4, 5],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  Integer m() {\n    if (true) {\n      return 1;\n    }\n  }\n}' },
    problem: 'Missing return statement required return type: Integer',
    at: [2, 15],
    file: 'A'
  },
  {
    classes: {
      A: "public class A {\n  static Integer twice(Integer x) {\n    return x * 2;\n  }\n  static void m() {\n    twice('a');\n  }\n}"
    },
    problem: 'Method does not exist or incorrect signature: void twice(String) from the type A',
    at: [6, 5],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  void m() {\n    helper();\n  }\n}' },
    problem: 'Method does not exist or incorrect signature: void helper() from the type A',
    at: [3, 5],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  public abstract class B {\n  }\n  void m() {\n    Object o = new B();\n  }\n}' },
    problem: 'Abstract classes cannot be constructed: A.B',
    at: [5, 20],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  interface I {\n    void m();\n  }\n  class C implements I {\n  }\n}' },
    problem: 'Class A.C must implement the method: void A.I.m()',
    at: [5, 3],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  class B {\n  }\n  class C {\n  }\n  void m() {\n    B b = new B();\n    C c = (C) b;\n  }\n}'
    },
    problem: 'Incompatible types since an instance of A.B is never an instance of A.C',
    at: [8, 11],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  virtual class B {\n  }\n  class C extends B {\n  }\n  void m() {\n    B b = new C();\n    C c = b;\n  }\n}'
    },
    problem: 'Illegal assignment from A.B to A.C',
    at: [8, 7],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  void m() {\n    while (true) {\n      break;\n      System.debug(1);\n    }\n  }\n}'
    },
    problem: 'Unreachable statement',
    at: [5, 7],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  void m(Integer x) {\n    Integer x = 1;\n  }\n}' },
    problem: 'Duplicate variable: x',
    at: [3, 13],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  void m() {\n    for (Integer i = 0; i < 3; i++) {\n      continue;\n      i++;\n    }\n  }\n}'
    },
    problem: 'Unreachable statement',
    at: [5, 7],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  static Integer s() {\n    return 1;\n  }\n  void m() {\n    A a = new A();\n    a.s();\n  }\n}'
    },
    problem: 'Static method cannot be referenced from a non static context: Integer A.s()',
    at: [7, 7],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  Integer inst() {\n    return 1;\n  }\n  static void m() {\n    A.inst();\n  }\n}'
    },
    problem: 'Non static method cannot be referenced from a static context: Integer A.inst()',
    at: [6, 7],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  interface I {\n  }\n  void m() {\n    Object o = new I();\n  }\n}' },
    problem: 'Type cannot be constructed: A.I',
    at: [5, 20],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  class B {\n  }\n  class C extends B {\n  }\n}' },
    problem: 'Non-virtual and non-abstract type cannot be extended: A.B',
    at: [4, 3],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  virtual class B {\n    void run() {\n    }\n  }\n  class C extends B {\n    override void run() {\n    }\n  }\n}'
    },
    problem: 'Non-virtual, non-abstract methods cannot be overridden: void A.B.run()',
    at: [7, 14],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  virtual class B {\n    virtual void run() {\n    }\n  }\n  class C extends B {\n    void run() {\n    }\n  }\n}'
    },
    problem: 'Method must use the override keyword: void A.C.run()',
    at: [7, 5],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  abstract class B {\n    abstract Integer size();\n  }\n  class C extends B {\n  }\n}'
    },
    problem: 'Class A.C must implement the abstract method: Integer A.B.size()',
    at: [5, 3],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  Integer a;\n  String a;\n}' },
    problem: 'Duplicate field: a',
    at: [3, 10],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  class Oops extends Exception {\n  }\n}' },
    problem: "Classes extending Exception must have a name ending in 'Exception': A.Oops",
    at: [2, 3],
    file: 'A'
  },
  {
    classes: {
      Vault: 'public class Vault {\n  static Integer secret() {\n    return 1;\n  }\n}',
      Spy: 'public class Spy {\n  void m() {\n    System.debug(Vault.secret());\n  }\n}'
    },
    problem: 'Method is not visible: Integer Vault.secret()',
    at: [3, 24],
    file: 'Spy'
  },
  {
    classes: {
      Vault: 'public class Vault {\n  Integer code = 1;\n}',
      Spy: 'public class Spy {\n  void m() {\n    System.debug(new Vault().code);\n  }\n}'
    },
    problem: 'Variable is not visible: code',
    at: [3, 30],
    file: 'Spy'
  },
  {
    classes: { A: 'public class A {\n  Integer n;\n  void m() {\n    System.debug(this.missing);\n  }\n}' },
    problem: 'Variable does not exist: missing',
    at: [4, 23],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  void m() {\n    Contact c = new Contact();\n    Account a = c;\n  }\n}' },
    problem: 'Illegal assignment from Contact to Account',
    at: [4, 13],
    file: 'A'
  },
  {
    anonymous: "Integer n = 1;\nString s = 'a' + n;\nInteger m = s;",
    problem: 'Illegal assignment from String to Integer',
    at: [3, 9]
  },
  {
    anonymous: 'List<Integer> l = new List<Integer>();\nString s = l.get(0);',
    problem: 'Illegal assignment from Integer to String',
    at: [2, 8]
  },
  {
    anonymous: "Map<String, Integer> m = new Map<String, Integer>();\nString s = m.get('a');",
    problem: 'Illegal assignment from Integer to String',
    at: [2, 8]
  },
  {
    anonymous: 'Map<String, Integer> m = new Map<String, Integer>();\nList<String> v = m.values();',
    problem: 'Illegal assignment from List<Integer> to List<String>',
    at: [2, 14]
  },
  {
    classes: { A: "public class A {\n  public Integer f() {\n    return 'a';\n  }\n}" },
    problem: 'Illegal conversion from String to Integer',
    at: [3, 12],
    file: 'A'
  },
  {
    classes: {
      A: 'public class A {\n  public List<String> f() {\n    return new List<Integer>();\n  }\n}'
    },
    problem: 'Illegal conversion from List<Integer> to List<String>',
    at: [3, 12],
    file: 'A'
  },
  {
    anonymous:
      "Boolean isString = true;\nList<String> labels = new List<String>{ 'Label' };\nObject entity = isString ? labels.get(0) : labels.size();",
    problem: 'Incompatible types in ternary operator: Integer, String',
    at: [3, 17]
  },
  {
    anonymous: 'String s = null;\nInteger i = 0;\nObject o = s ?? i;',
    problem: 'Incompatible types in null coalescing operator: String, Integer',
    at: [3, 12]
  },
  {
    anonymous: 'Object r = String.isBlank(1);',
    problem: 'Method does not exist or incorrect signature: void isBlank(Integer) from the type String',
    at: [1, 12]
  },
  {
    anonymous: 'List<Integer> l = new List<Integer>();\nl.add(true);',
    problem: 'Method does not exist or incorrect signature: void add(Boolean) from the type List<Integer>',
    at: [2, 3]
  },
  {
    anonymous: "Map<String, Integer> m = new Map<String, Integer>();\nm.put('a', 'b');",
    problem: 'Method does not exist or incorrect signature: void put(String, String) from the type Map<String,Integer>',
    at: [2, 3]
  },
  {
    anonymous: 'Set<String> s = new Set<String>();\ns.add(1);',
    problem: 'Method does not exist or incorrect signature: void add(Integer) from the type Set<String>',
    at: [2, 3]
  },
  {
    anonymous: "Object r = 'abc'.substring('a');",
    problem: 'Method does not exist or incorrect signature: void substring(String) from the type String',
    at: [1, 18]
  },
  {
    anonymous: 'Date d = Date.newInstance(2026L, 1, 1);',
    problem:
      'Method does not exist or incorrect signature: void newInstance(Long, Integer, Integer) from the type Date',
    at: [1, 10]
  },
  {
    anonymous: 'switch on true {\n  when else {\n  }\n}',
    problem: 'Boolean is not a valid switch expression type',
    at: [1, 11]
  },
  {
    anonymous: "Integer i = 1;\nswitch on i {\n  when 'a' {\n  }\n}",
    problem:
      "String value in 'when expression' cannot be implicitly converted to the Integer type in switch expression",
    at: [3, 8]
  },
  {
    anonymous: "String s = 'a';\nswitch on s {\n  when 'a' {\n  }\n  when 'a' {\n  }\n}",
    problem: "'a' occurs as more than one when branch for this switch statement",
    at: [5, 8]
  },
  {
    anonymous: "Account a = new Account();\nswitch on a {\n  when 'x' {\n  }\n}",
    problem: "Switching on SObject types must be a 'when type variable' or 'when null'",
    at: [3, 8]
  },
  {
    anonymous: 'Integer i = 1;\nswitch on i {\n  when else {\n  }\n  when 1 {\n  }\n}',
    problem: "'when else' must be the last when block",
    at: [3, 3]
  },
  { anonymous: 'List<Account> l = [SELECT Id FROM Account WHERE Nope__c = 1];', problem: NO_SUCH_COLUMN, at: [1, 49] },
  { anonymous: 'List<Account> l = [SELECT Id FROM Account ORDER BY Nope__c];', problem: NO_SUCH_COLUMN, at: [1, 52] },
  {
    anonymous: 'List<AggregateResult> l = [SELECT COUNT(Id) FROM Account GROUP BY Nope__c];',
    problem: NO_SUCH_COLUMN,
    at: [1, 67]
  },
  {
    anonymous: 'List<SObject> l = [SELECT Id FROM Nope__c];',
    problem:
      "sObject type 'Nope__c' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    at: [1, 35]
  },
  {
    classes: {
      Vault: 'public class Vault {\n  @TestVisible\n  static Integer secret() {\n    return 1;\n  }\n}',
      Spy: 'public class Spy {\n  void m() {\n    System.debug(Vault.secret());\n  }\n}'
    },
    problem: 'Method is not visible: Integer Vault.secret()',
    at: [3, 24],
    file: 'Spy'
  },
  {
    classes: {
      Base: 'public virtual class Base {\n  protected Integer twice() {\n    return 2;\n  }\n}',
      Other: 'public class Other {\n  void m() {\n    System.debug(new Base().twice());\n  }\n}'
    },
    problem: 'Method is not visible: Integer Base.twice()',
    at: [3, 29],
    file: 'Other'
  },
  {
    classes: {
      Base: 'public virtual class Base {\n  protected Integer n = 1;\n}',
      Other: 'public class Other {\n  void m() {\n    System.debug(new Base().n);\n  }\n}'
    },
    problem: 'Variable is not visible: n',
    at: [3, 29],
    file: 'Other'
  },
  {
    classes: {
      Vault: 'public class Vault {\n  class Inner {\n  }\n}',
      Spy: 'public class Spy {\n  void m() {\n    Vault.Inner i = null;\n  }\n}'
    },
    problem: 'Type is not visible: Vault.Inner',
    at: [3, 5],
    file: 'Spy'
  },
  {
    classes: { A: 'public class A {\n  @future\n  public void f() {\n  }\n}' },
    problem: 'Future methods must be declared as static',
    at: [3, 10],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  @future\n  public static Integer f() {\n    return 1;\n  }\n}' },
    problem: 'Future methods do not support return type of Integer',
    at: [3, 17],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  @future\n  public static void f(Map<Id, Set<Id>> input) {\n  }\n}' },
    problem: 'Unsupported parameter type Map<Id,Set<Id>>',
    at: [3, 17],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  @future\n  public static void f(List<Account> input) {\n  }\n}' },
    problem: 'Unsupported parameter type List<Account>',
    at: [3, 17],
    file: 'A'
  },
  {
    classes: { T: '@IsTest\nprivate class T {\n  @IsTest\n  static void t(Integer x) {\n  }\n}' },
    problem: 'Test methods must have no arguments',
    at: [4, 10],
    file: 'T'
  },
  {
    classes: { T: '@IsTest\nprivate class T {\n  @TestSetup\n  static Integer setup() {\n    return 1;\n  }\n}' },
    problem: 'Test setup method must return void',
    at: [4, 10],
    file: 'T'
  },
  {
    classes: { A: 'public class A {\n  @IsTest\n  class Inner {\n  }\n}' },
    problem: 'Only top-level non-exception class types can be marked as tests',
    at: [3, 3],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  @AuraEnabled\n  public Integer count() {\n    return 1;\n  }\n}' },
    problem: "Non static AuraEnabled methods must be named with a prefix 'get'",
    at: [3, 10],
    file: 'A'
  },
  {
    classes: { A: 'public class A {\n  @AuraEnabled\n  public Integer getCount(Integer x) {\n    return x;\n  }\n}' },
    problem: 'Non static AuraEnabled methods may not have parameters',
    at: [3, 10],
    file: 'A'
  },
  { anonymous: 'Integer i = 1;\nObject o = i[0];', problem: 'Expression must be a list type: Integer', at: [2, 12] },
  {
    anonymous: "List<Integer> l = new List<Integer>{ 1 };\nObject o = l['a'];",
    problem: 'List index must be of type Integer: String',
    at: [2, 12]
  },
  { anonymous: 'Boolean b = !1;', problem: '! operator can only be applied to boolean expressions', at: [1, 13] },
  {
    anonymous: "String s = 'a';\ns++;",
    problem: 'Unary postfix increment/decrement can only be applied to numeric expressions: String',
    at: [2, 1]
  },
  {
    anonymous: "String s = 'a';\n--s;",
    problem: 'Unary prefix decrement can only be applied to numeric expressions: String',
    at: [2, 1]
  },
  { anonymous: "Object o = -'a';", problem: 'Unary negation must use a numeric argument', at: [1, 12] },
  { anonymous: 'Object o = ~true;', problem: 'Invalid type for bitwise negate: Boolean', at: [1, 12] },
  {
    anonymous: 'Boolean b = true < false;',
    problem: 'Inequality operator not allowed for this type: Boolean',
    at: [1, 13]
  },
  {
    anonymous: "Boolean b = 1 < 'a';",
    problem: 'Comparison arguments must be compatible types: Integer, String',
    at: [1, 13]
  },
  { anonymous: 'Date d = Date.today() + 1.5;', problem: 'Date expressions must use Integer or Long', at: [1, 10] },
  {
    anonymous: "String s = 'a';\nBoolean b = s instanceof Integer;",
    problem: 'Operation instanceof is always false since an instance of String is never an instance of Integer',
    at: [2, 13]
  },
  {
    classes: { A: 'private class A {\n}' },
    problem: 'Top-level type must have public or global visibility',
    at: [1, 9],
    file: 'A'
  },
  {
    classes: {
      A: 'public virtual class A {\n  public A(Integer x) {\n  }\n}',
      B: 'public class B extends A {\n  public B() {\n    System.debug(1);\n  }\n}'
    },
    problem: 'No default constructor available in super type: A',
    at: [2, 10],
    file: 'B'
  },
  {
    classes: {
      A: 'public virtual class A {\n  public A(Integer x) {\n  }\n}',
      B: 'public class B extends A {\n  public B() {\n    this(1);\n  }\n  public B(Integer x) {\n    System.debug(x);\n    super(x);\n  }\n}'
    },
    problem: "Call to 'super()' must be the first statement in a constructor method",
    at: [7, 5],
    file: 'B'
  },
  {
    anonymous: 'Set<SObject> a;\nSet<Account> b = new Set<Account>();\na = (Set<SObject>) b;',
    problem: 'Incompatible types since an instance of Set<Account> is never an instance of Set<SObject>',
    at: [3, 5]
  },
  {
    classes: {
      A: 'public class A {\n  public static Integer n(Set<SObject> s) {\n    return s.size();\n  }\n  public static Integer m() {\n    return n(new Set<Account>());\n  }\n}'
    },
    problem: 'Method does not exist or incorrect signature: void n(Set<Account>) from the type A',
    at: [6, 12],
    file: 'A'
  },
  {
    anonymous: 'List<Account> a = new List<Contact>();',
    problem: 'Illegal assignment from List<Contact> to List<Account>',
    at: [1, 15]
  },
  {
    triggers: { T: 'trigger T on Account (before insert) {\n  return 1;\n}' },
    problem: 'Trigger bodies must not return a value',
    at: [2, 3],
    file: 'T'
  },
  {
    triggers: { T: 'trigger T on Account (before insert) {\n  List<Contact> c = Trigger.new;\n}' },
    problem: 'Illegal assignment from List<Account> to List<Contact>',
    at: [2, 17],
    file: 'T'
  },
  {
    triggers: { T: 'trigger T on Account (after insert) {\n  Integer n = Trigger.isInsert;\n}' },
    problem: 'Illegal assignment from Boolean to Integer',
    at: [2, 11],
    file: 'T'
  },
  {
    triggers: { T: 'trigger T on Account (before undelete) {\n}' },
    problem: 'Trigger Usage Before Undelete is not supported',
    at: [1, 23],
    file: 'T'
  },
  {
    classes: { Util: 'public class Util {\n  public static Integer twice(Integer x) {\n    return x * 2;\n  }\n}' },
    triggers: { T: "trigger T on Account (after insert) {\n  Util.twice('a');\n}" },
    problem: 'Method does not exist or incorrect signature: void twice(String) from the type Util',
    at: [2, 8],
    file: 'T'
  }
];

describe('apex compiler: programs an org rejects (compile-error table)', () => {
  it('has at least 60 programs', () => expect(ROWS.length).to.be.at.least(60));

  for (const row of ROWS) {
    const title = (row.anonymous ?? Object.values({ ...row.classes, ...row.triggers }).join(' '))
      .replace(/\s+/g, ' ')
      .slice(0, 90);
    it(`${row.problem} — ${title}`, () => {
      if (row.anonymous !== undefined) {
        const r = executeAnonymous(row.anonymous, { runtime: new ApexRuntime(fakeOrg()) });
        expect([r.compiled, r.success, r.compileProblem]).to.deep.equal([false, false, row.problem]);
        expect([r.line, r.column]).to.deep.equal(row.at);
        return;
      }
      const files = Object.entries(row.classes ?? {}).map(([name, body]) => ({ name, body }));
      const runtime = new ApexRuntime(fakeOrg());
      const r = runtime.compile(files);
      const triggers = Object.entries(row.triggers ?? {}).map(([name, body]) => ({ name, body }));
      const problems = triggers.length ? [...r.problems, ...runtime.checkTriggers(triggers)] : r.problems;
      expect(problems.length).to.be.greaterThan(0);
      const last = problems[problems.length - 1];
      expect(last).to.deep.equal({ file: row.file, line: row.at[0], column: row.at[1], message: row.problem });
    });
  }
});
