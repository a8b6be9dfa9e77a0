import { expect } from 'chai';
import { measureLoad, measureStatementsPerSecond } from '../../src/local-org/apex/index.js';
import { fakeOrg } from './fake-data-layer.js';

describe('apex runtime: measurements for the bench', () => {
  it('counts the statements a CPU-bound loop executes', () => {
    const m = measureStatementsPerSecond(fakeOrg(), 1000);
    // top-level declarations run as locals (not statements); for + 1000 × (block + 2 statements)
    // + the if's nested add for the first 100 iterations + the debug
    expect(m.statements).to.equal(1 + 1000 * 3 + 100 + 1);
    expect(m.perSecond).to.be.greaterThan(0);
  });

  it('reports load time and problems for a set of classes', () => {
    const m = measureLoad(fakeOrg(), [
      { name: 'A', body: 'public class A { public Integer x() { return 1; } }' },
      { name: 'B', body: 'public class B { Nope n; }' }
    ]);
    expect(m).to.include({ files: 2, success: false, problems: 1 });
  });
});
