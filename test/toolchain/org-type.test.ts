import { expect } from 'chai';
import { classifyOrg, testLevelFor } from '../../src/toolchain/orgType.js';

describe('toolchain org type and test levels', () => {
  it('classifies Organization rows: production, sandbox, scratch, developer', () => {
    expect(classifyOrg({ IsSandbox: false, OrganizationType: 'Enterprise Edition' })).to.equal('production');
    expect(classifyOrg({ IsSandbox: false, OrganizationType: 'Unlimited Edition' })).to.equal('production');
    expect(
      classifyOrg({ IsSandbox: true, OrganizationType: 'Enterprise Edition', TrialExpirationDate: null })
    ).to.equal('sandbox');
    expect(
      classifyOrg({ IsSandbox: true, OrganizationType: 'Developer Edition', TrialExpirationDate: '2026-12-10' })
    ).to.equal('scratch');
    expect(classifyOrg({ IsSandbox: false, OrganizationType: 'Developer Edition' })).to.equal('developer');
  });

  it('phase 1 and the currency settings send no test level to production, NoTestRun elsewhere', () => {
    expect(testLevelFor('production', 'client-app', undefined)).to.equal(undefined);
    expect(testLevelFor('production', 'currency-settings', 'RunSpecifiedTests')).to.equal(undefined);
    for (const type of ['sandbox', 'scratch', 'developer'] as const)
      expect(testLevelFor(type, 'client-app', 'RunSpecifiedTests')).to.equal('NoTestRun');
  });

  it('the full deploy refuses NoTestRun in production only', () => {
    expect(() => testLevelFor('production', 'all', 'NoTestRun')).to.throw('refuses --test-level NoTestRun');
    expect(testLevelFor('production', 'all', undefined)).to.equal('RunSpecifiedTests');
    expect(testLevelFor('production', 'all', 'RunLocalTests')).to.equal('RunLocalTests');
    expect(testLevelFor('sandbox', 'all', 'NoTestRun')).to.equal('NoTestRun');
  });
});
