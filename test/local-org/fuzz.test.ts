/**
 * The fuzz suite: a seeded, bounded run of generated requests (test/local-org/fuzz/generate.ts) against
 * an in-process org. Fails on any 5xx that is not a SOAP fault, any answer not in the platform's shape,
 * any hang, any internal error, or idle heap growth past 64 MB. The seed is printed; a longer run:
 *   FUZZ_SEED=7 FUZZ_REQUESTS=100000 bash scripts/dev.sh npx mocha test/local-org/fuzz.test.ts
 * Each crash the fuzz once found is a named regression case in source-guard, limits, input-validation
 * and auth-hardening tests.
 */
import { expect } from 'chai';
import { runFuzz } from './fuzz/run.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const HEAP_GROWTH_MB = 64;

describe('local org fuzz suite', function () {
  this.timeout(Math.max(600_000, REQUESTS * 60));

  it(`answers ${REQUESTS} generated requests (seed ${SEED}) in the platform's shapes, without 5xx, hangs or leaks`, async () => {
    console.log(`      fuzz: seed ${SEED} (FUZZ_SEED), ${REQUESTS} requests (FUZZ_REQUESTS)`);
    const s = await runFuzz({ seed: SEED, requests: REQUESTS });
    const classes = Object.entries(s.byKind)
      .map(([k, c]) => `${k} ${Object.values(c).reduce((a, b) => a + b, 0)}`)
      .join(', ');
    console.log(
      `      fuzz: ${s.requests} requests in ${s.seconds} s (${classes}); heap ${s.memoryMb.heapStart} → ${s.memoryMb.heapIdle} MB idle, RSS peak ${s.memoryMb.rssPeak} MB`
    );
    const why = s.problems.join('\n');
    expect(s.requests).to.equal(REQUESTS);
    expect(Object.keys(s.byKind).length, 'every class of input was generated').to.be.at.least(11);
    expect(s.serverErrorsNotSoapFault, why).to.equal(0);
    expect(s.badShapes, why).to.equal(0);
    expect(s.hangs, why).to.equal(0);
    expect(s.internalErrors, why).to.equal(0);
    expect(s.memoryMb.heapIdle - s.memoryMb.heapStart, 'idle heap growth (MB)').to.be.below(HEAP_GROWTH_MB);
  });
});
