import { expect } from 'chai';
import { debugOf, failureOf, run } from './helpers.js';

describe('apex runtime: exceptions', () => {
  it('catches built-in exceptions by type and exposes getMessage/getTypeName/getLineNumber', () => {
    const out = debugOf(
      `try {\n  String s;\n  s.length();\n} catch (NullPointerException e) {\n  System.debug(e.getTypeName() + '|' + e.getMessage() + '|' + e.getLineNumber());\n}`
    );
    expect(out).to.deep.equal(['System.NullPointerException|Attempt to de-reference a null object|3']);
  });

  it('supports the four standard constructors of a custom exception', () => {
    const out = debugOf(`
      public class MyException extends Exception {}
      MyException a = new MyException();
      MyException b = new MyException('boom');
      MyException c = new MyException(b);
      MyException d = new MyException('outer', b);
      System.debug(a.getMessage());
      System.debug(b.getMessage());
      System.debug(c.getCause().getMessage());
      System.debug(d.getMessage() + ' caused by ' + d.getCause().getMessage());`);
    expect(out).to.deep.equal(['null', 'boom', 'boom', 'outer caused by boom']);
  });

  it('matches catch clauses in order, including a superclass, and runs finally', () => {
    const out = debugOf(`
      public virtual class BaseException extends Exception {}
      public class ChildException extends BaseException {}
      for (Integer i = 0; i < 3; i++) {
        try {
          if (i == 0) throw new ChildException('child');
          if (i == 1) { Integer x = 1 / 0; }
          System.debug('no throw');
        } catch (BaseException e) {
          System.debug('base caught ' + e.getMessage());
        } catch (Exception e) {
          System.debug('generic ' + e.getTypeName());
        } finally {
          System.debug('finally ' + i);
        }
      }`);
    expect(out).to.deep.equal([
      'base caught child',
      'finally 0',
      'generic System.MathException',
      'finally 1',
      'no throw',
      'finally 2'
    ]);
  });

  it('reports an unhandled custom exception with its type, message, line and stack trace', () => {
    const r = failureOf(
      `public class BadInputException extends Exception {}\nvoid check(Integer n) {\n  if (n < 0) throw new BadInputException('negative: ' + n);\n}\ncheck(-1);`
    );
    expect(r.exceptionMessage).to.equal('AnonymousBlock.BadInputException: negative: -1');
    expect(r.line).to.equal(3);
    expect(r.exceptionStackTrace).to.equal('AnonymousBlock: line 3, column 14\nAnonymousBlock: line 5, column 1');
  });

  it('does not let catch (Exception e) catch a LimitException or an assertion failure', () => {
    const r = failureOf(
      `try { System.assertEquals(1, 2, 'numbers differ'); } catch (Exception e) { System.debug('caught'); }`
    );
    expect(r.exceptionMessage).to.equal(
      'System.AssertException: Assertion Failed: numbers differ: Expected: 1, Actual: 2'
    );
    expect(r.out).to.deep.equal([]);
  });

  it('re-throws from a catch block and keeps the original line', () => {
    const r = failureOf(`try {\n  Integer x = 1 / 0;\n} catch (MathException e) {\n  throw e;\n}`);
    expect(r.exceptionMessage).to.equal('System.MathException: Divide by 0');
    expect(r.line).to.equal(2);
  });

  it('requires custom exception names to end with Exception', () => {
    const r = run(`public class Oops extends Exception {}`);
    expect(r.compiled).to.equal(false);
    expect(r.compileProblem).to.contain("must have a name ending in 'Exception'");
  });

  it('prints exceptions as "Type: message"', () => {
    expect(debugOf(`try { Integer.valueOf('x'); } catch (TypeException e) { System.debug(e); }`)).to.deep.equal([
      'System.TypeException: Invalid integer: x'
    ]);
  });
});
