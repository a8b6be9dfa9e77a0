/**
 * What kind of org the toolchain deploys to, and which test level each deploy may use there.
 *
 * Read from `Organization` (`IsSandbox`, `OrganizationType`, `TrialExpirationDate`): a sandbox
 * has IsSandbox true; a scratch org is a sandbox-like org with an expiration date; a Developer
 * Edition reports OrganizationType "Developer Edition"; anything else is production.
 * Production orgs run tests on every deploy that contains Apex and refuse NoTestRun for it;
 * without Apex in the package no tests run by default
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deploy_running_tests.htm:
 * "If your package doesn't contain Apex components, no tests are run by default"). So the first
 * phase carries no Apex and sends no test level to production; the full deploy uses
 * RunSpecifiedTests (or RunLocalTests) there, and NoTestRun is refused before anything is sent.
 */
import type { Connection } from '@salesforce/core';
import { UsageError } from './errors.js';
import type { DeployPhase } from './phases.js';
import type { TestLevel } from './testLevels.js';

export const ORG_TYPES = ['production', 'sandbox', 'scratch', 'developer'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export type OrgInfo = {
  type: OrgType;
  isSandbox: boolean;
  organizationType: string | null;
  trialExpirationDate: string | null;
};

type OrganizationRow = {
  IsSandbox?: boolean | null;
  OrganizationType?: string | null;
  TrialExpirationDate?: string | null;
};

/** Classifies one Organization row. */
export function classifyOrg(row: OrganizationRow): OrgType {
  if (row.IsSandbox === true) return row.TrialExpirationDate ? 'scratch' : 'sandbox';
  if (/developer edition/i.test(row.OrganizationType ?? '')) return 'developer';
  return 'production';
}

/** Reads the Organization row of the target org and classifies it. */
export async function detectOrgType(connection: Connection): Promise<OrgInfo> {
  const result = await connection.query<OrganizationRow>(
    'SELECT IsSandbox, OrganizationType, TrialExpirationDate FROM Organization LIMIT 1'
  );
  const row = result.records[0] ?? {};
  return {
    type: classifyOrg(row),
    isSandbox: row.IsSandbox === true,
    organizationType: row.OrganizationType ?? null,
    trialExpirationDate: row.TrialExpirationDate ?? null
  };
}

/**
 * The test level of one deploy: `undefined` means "send none" (the org's default).
 * @throws UsageError when NoTestRun is asked for a production deploy that carries Apex
 */
export function testLevelFor(
  orgType: OrgType | undefined,
  phase: DeployPhase,
  requested: TestLevel | undefined
): TestLevel | undefined {
  if (phase !== 'all') return orgType === 'production' ? undefined : 'NoTestRun';
  if (orgType === 'production' && requested === 'NoTestRun')
    throw new UsageError('A production org refuses --test-level NoTestRun for a deploy that contains Apex classes.', [
      'Use the default (RunSpecifiedTests, the project tests) or --test-level RunLocalTests.'
    ]);
  return requested ?? 'RunSpecifiedTests';
}
