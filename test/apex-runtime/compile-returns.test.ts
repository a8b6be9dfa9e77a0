import { expect } from 'chai';
import { ApexRuntime } from '../../src/local-org/apex/index.js';
import { fakeOrg } from './fake-data-layer.js';

function problems(body: string): string[] {
  const r = new ApexRuntime(fakeOrg()).compile([{ name: 'R', body }]);
  return r.problems.map((p) => `${p.line}:${p.message}`);
}

describe('apex runtime: missing return statements', () => {
  it('rejects a non-void method that can fall off its end', () => {
    expect(problems('public class R {\n  Integer f(Boolean b) {\n    if (b) { return 1; }\n  }\n}')).to.deep.equal([
      '2:Missing return statement required return type: Integer'
    ]);
  });

  it('accepts methods that return or throw on every path', () => {
    const body = `public class R {
      Integer a(Boolean b) { if (b) { return 1; } else { return 2; } }
      Integer c() { throw new IllegalArgumentException('x'); }
      Integer d(Integer i) { switch on i { when 1 { return 1; } when else { return 0; } } }
      Integer e() { while (true) { } }
      Integer f() { try { return 1; } catch (Exception ex) { return 2; } }
      void g() { }
    }`;
    expect(problems(body)).to.deep.equal([]);
  });
});
