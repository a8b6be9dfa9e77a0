/**
 * The one Apex front end: class, trigger and anonymous sources parse through one module, syntax errors
 * come back in the org's shape (1-based line and column, the compiler's wording), the error list is
 * capped, and each source is parsed once.
 */
import { expect } from 'chai';
import { ApexRuntime, executeAnonymous } from '../../src/local-org/apex/index.js';
import { MAX_SYNTAX_PROBLEMS, parseApex, parseCount, unitKindOf } from '../../src/local-org/apex/front-end/index.js';
import { fakeOrg } from './fake-data-layer.js';

describe('apex front end: one parser for classes, triggers and anonymous blocks', () => {
  it('parses each unit kind with its own entry point', () => {
    expect(parseApex('public class A { }', 'class').problems).to.deep.equal([]);
    expect(parseApex('trigger T on Account (before insert) { }', 'trigger').problems).to.deep.equal([]);
    expect(parseApex('Integer i = 1;', 'anonymous').problems).to.deep.equal([]);
    expect(parseApex('Integer i = 1;', 'class').problems).to.have.length.greaterThan(0);
    expect([unitKindOf('a/T.trigger'), unitKindOf('s.apex'), unitKindOf('A.cls')]).to.deep.equal([
      'trigger',
      'anonymous',
      'class'
    ]);
  });

  it("reports syntax errors with 1-based positions and the compiler's wording", () => {
    expect(parseApex('Integer x = ;', 'anonymous').problems[0]).to.deep.equal({
      line: 1,
      column: 13,
      message: "Unexpected token ';'."
    });
    expect(parseApex('Integer x = 1\nSystem.debug(x);', 'anonymous').problems).to.deep.include({
      line: 2,
      column: 1,
      message: "Missing ';' at 'System'"
    });
    expect(parseApex('public class A {', 'class').problems[0].message).to.equal('Unexpected token: end of file.');
  });

  it('stops collecting syntax errors at the cap (garbage fails fast)', () => {
    const garbage = `public class G {\n  void m() {\n${'    x = ;\n'.repeat(2000)}  }\n}`;
    const problems = parseApex(garbage, 'class').problems;
    expect(problems).to.have.length(MAX_SYNTAX_PROBLEMS);
    expect(problems[0]).to.include({ line: 3, column: 9 });
  });

  it('parses a source once, however many consumers read it', () => {
    const source = `public class ParsedOnce${Date.now()} { public static Integer one() { return 1; } }`;
    const name = /class (\w+)/.exec(source)![1];
    const before = parseCount();
    parseApex(source, 'class'); // the deploy's syntax check
    const runtime = new ApexRuntime(fakeOrg());
    expect(runtime.compile([{ name, body: source }]).success).to.equal(true); // the deploy-time compile
    expect(new ApexRuntime(fakeOrg()).compile([{ name, body: source }]).success).to.equal(true);
    expect(parseCount() - before).to.equal(1);
  });

  it('parses an anonymous block once across the syntax pre-check and the run', () => {
    const code = `System.debug('${Date.now()}');`;
    const before = parseCount();
    expect(parseApex(code, 'anonymous').problems).to.deep.equal([]); // the SOAP handler's pre-check
    const r = executeAnonymous(code, { runtime: new ApexRuntime(fakeOrg()) });
    expect(r.success).to.equal(true);
    expect(parseCount() - before).to.equal(1);
  });

  it('reports compile problems of classes and anonymous blocks in the same shape', () => {
    const rt = new ApexRuntime(fakeOrg());
    const c = rt.compile([{ name: 'Bad', body: 'public class Bad {\n  Integer x = ;\n}' }]);
    expect(c.problems[0]).to.deep.equal({ file: 'Bad', line: 2, column: 15, message: "Unexpected token ';'." });
    const a = executeAnonymous('Integer x = ;', { runtime: rt });
    expect([a.compiled, a.line, a.column, a.compileProblem]).to.deep.equal([false, 1, 13, "Unexpected token ';'."]);
  });
});
