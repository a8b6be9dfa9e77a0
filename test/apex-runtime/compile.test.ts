import { expect } from 'chai';
import { ApexRuntime } from '../../src/local-org/apex/index.js';
import { fakeOrg } from './fake-data-layer.js';
import { run } from './helpers.js';

function compile(files: Record<string, string>) {
  const rt = new ApexRuntime(fakeOrg());
  return rt.compile(Object.entries(files).map(([name, body]) => ({ name, body })));
}

describe('apex runtime: compile checks', () => {
  it('reports a syntax error with file, line and 1-based column', () => {
    const r = compile({ Broken: 'public class Broken {\n  public void m() {\n    Integer x = ;\n  }\n}' });
    expect(r.success).to.equal(false);
    expect(r.problems[0]).to.include({ file: 'Broken', line: 3, column: 17 });
  });

  it('rejects unknown types in fields, parameters, locals and new', () => {
    const r = compile({
      A: 'public class A {\n  Foo f;\n  public void m(Bar b) {\n    List<Baz> l = new List<Baz>();\n    Object o = new Qux();\n  }\n}'
    });
    const messages = r.problems.map((p) => `${p.line}:${p.message}`);
    expect(messages).to.include.members([
      '2:Invalid type: Foo',
      '3:Invalid type: Bar',
      '4:Invalid type: Baz',
      '5:Invalid type: Qux'
    ]);
  });

  it('rejects unknown methods and wrong argument counts among user classes and the library', () => {
    const r = compile({
      Util: 'public class Util {\n  public static Integer twice(Integer x) { return x * 2; }\n  public void m() {\n    Util.twice(1, 2);\n    Util.thrice(1);\n    helper();\n    String.isBlank();\n    System.debug(twice(3));\n  }\n}'
    });
    const lines = r.problems.map((p) => p.line);
    expect(lines).to.deep.equal([4, 5, 6, 7]);
    expect(r.problems[0].message).to.equal(
      'Method does not exist or incorrect signature: void twice(Integer, Integer) from the type Util'
    );
  });

  it('rejects duplicate fields and methods, and constructors with no matching signature', () => {
    const r = compile({
      Dup: 'public class Dup {\n  Integer a;\n  String a;\n  void m(Integer x) {}\n  void m(Integer y) {}\n  public Dup(Integer x) {}\n  static Dup make() { return new Dup(); }\n}'
    });
    const messages = r.problems.map((p) => `${p.line}:${p.message}`);
    expect(messages).to.include.members([
      '3:Duplicate field: a',
      '5:Method already defined: m(integer)',
      '7:Constructor not defined: [Dup].<Constructor>(0 argument(s))'
    ]);
  });

  it('rejects extending a class that is neither virtual nor abstract, and an unknown interface', () => {
    const r = compile({ Base: 'public class Base {}', Child: 'public class Child extends Base implements Missing {}' });
    expect(r.problems.map((p) => p.message)).to.deep.equal([
      'Non-virtual and non-abstract type cannot be extended: Base',
      'Invalid interface: Missing'
    ]);
  });

  it('keeps the previous classes when a deploy fails, and replaces them when it succeeds', () => {
    const rt = new ApexRuntime(fakeOrg());
    expect(
      rt.compile([{ name: 'K', body: 'public class K { public static Integer v() { return 1; } }' }]).success
    ).to.equal(true);
    expect(rt.compile([{ name: 'K', body: 'public class K { oops }' }]).success).to.equal(false);
    expect(rt.classNames).to.deep.equal(['K']);
    expect(
      rt.compile([{ name: 'K', body: 'public class K { public static Integer v() { return 2; } }' }]).success
    ).to.equal(true);
  });

  it('reports an anonymous block compile problem in the executeAnonymous result', () => {
    const r = run('Integer x = 1;\nSystem.debug(y.size());');
    expect(r.compiled).to.equal(false);
    expect(r.success).to.equal(false);
    expect(r.compileProblem).to.equal('Variable does not exist: y');
    expect([r.line, r.column]).to.deep.equal([2, 14]);
  });

  it('raises "not supported by the local runtime" for parsed but unsupported features', () => {
    const r = run("List<List<SObject>> found = [FIND 'x' IN ALL FIELDS RETURNING Account];");
    expect(r.success).to.equal(false);
    // The fake data layer has no search: SOSL needs the org's (test/local-org/sosl.test.ts).
    expect(r.exceptionMessage).to.equal(
      'not supported by the local runtime: SOSL against this data layer at AnonymousBlock:1'
    );
  });
});

describe('apex runtime: compile checks on typed locals', () => {
  it('rejects unknown methods and wrong argument counts on locals of library and user types', () => {
    const r = run(`
      public class Box { public Integer size() { return 1; } }
      String s = 'x';
      List<Integer> l = new List<Integer>();
      Box b = new Box();
      s.lenght();
      l.add(1, 2, 3);
      b.size(5);
      System.debug(s.length() + l.size() + b.size());`);
    expect(r.compiled).to.equal(false);
    expect(r.compileProblem).to.equal(
      'Method does not exist or incorrect signature: void lenght() from the type String'
    );
    expect(r.line).to.equal(6);
  });

  it('accepts Object methods and exception accessors on typed locals', () => {
    const r = run(`
      public class E2Exception extends Exception {}
      E2Exception e = new E2Exception('m');
      Integer n = 5;
      System.debug(e.getMessage() + n.format() + n.hashCode() + e.toString());`);
    expect(r.compiled).to.equal(true);
    expect(r.success).to.equal(true);
  });
});

describe('apex runtime: illegal assignments between primitive types', () => {
  it('rejects a String literal assigned to an Integer and a Decimal literal to an Integer', () => {
    const a = run(`Integer i = 'abc';`);
    expect([a.compiled, a.compileProblem]).to.deep.equal([false, 'Illegal assignment from String to Integer']);
    const b = run(`Integer i;\ni = 2.5;`);
    expect([b.compileProblem, b.line]).to.deep.equal(['Illegal assignment from Decimal to Integer', 2]);
  });

  it('accepts the widening assignments Apex allows', () => {
    const r = run(
      `Long l = 5; Double d = 1.5; Decimal x = 3; Id i = '001000000000001AAA'; String s = i; System.debug(l + d + x);`
    );
    expect(r.success).to.equal(true);
  });
});

describe('apex runtime: override and implementation rules', () => {
  it('rejects override without an ancestor, redefinition without override, and missing implementations', () => {
    const r = compile({
      Base: 'public abstract class Base {\n  public virtual Integer v() { return 1; }\n  public abstract void run();\n}',
      Shape: 'public interface Shape { Decimal area(); }',
      Impl: 'public class Impl extends Base implements Shape {\n  public Integer v() { return 2; }\n  public override void other() {}\n}'
    });
    expect(r.problems.map((p) => `${p.file}:${p.line} ${p.message}`)).to.deep.equal([
      'Impl:1 Class Impl must implement the method: Decimal Shape.area()',
      'Impl:1 Class Impl must implement the abstract method: void Base.run()',
      'Impl:2 Method must use the override keyword: Integer Impl.v()',
      'Impl:3 @Override specified for non-overriding method: void Impl.other()'
    ]);
  });
});

describe('apex runtime: static context', () => {
  it('rejects calling an instance method from a static method or an inner class', () => {
    const r = compile({
      Svc: 'public class Svc {\n  public Integer inst() { return 1; }\n  public static Integer stat() { return inst(); }\n  public class In { public Integer go() { return inst(); } }\n}'
    });
    expect(r.problems.map((p) => `${p.line} ${p.message}`)).to.deep.equal([
      '3 Non static method cannot be referenced from a static context: Integer Svc.inst()',
      '4 Non static method cannot be referenced from a static context: Integer Svc.inst()'
    ]);
  });
});
