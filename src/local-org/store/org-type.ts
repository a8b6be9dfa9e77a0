/**
 * The org's type (`--org-type`): what the Organization record says about it and whether the platform
 * treats it as a production org for deploys.
 *
 * How clients tell the types apart (@salesforce/core's Org fields, https://forcedotcom.github.io/sfdx-core/enums/org_org.Org.Fields.html):
 * a sandbox has `IsSandbox` true and no `TrialExpirationDate`; a scratch org has `IsSandbox` true and a
 * `TrialExpirationDate`. Production and Developer Edition orgs have `IsSandbox` false and differ by
 * `OrganizationType` (the edition). Scratch orgs live 7 days by default (Salesforce DX Developer Guide,
 * scratch org definition `duration`). Developer Edition and sandboxes are non-production for deploys
 * ("By default, no tests are run in a deployment to a non-production organization, such as a sandbox or a
 * Developer Edition organization", https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deploy_run_local_tests.htm).
 */
import type { Store } from './store.js';

export const ORG_TYPES = ['production', 'sandbox', 'scratch', 'developer'] as const;
export type OrgType = (typeof ORG_TYPES)[number];
/** Today's default: a Developer Edition org. */
export const DEFAULT_ORG_TYPE: OrgType = 'developer';

const SCRATCH_DAYS = 7;

export class OrgTypeError extends Error {
  constructor(value: string) {
    super(`unknown org type '${value}': use one of ${ORG_TYPES.join(', ')}`);
    this.name = 'OrgTypeError';
  }
}

/** Validates a user-given org type (CLI flag, start option). */
export function parseOrgType(value: string): OrgType {
  if ((ORG_TYPES as readonly string[]).includes(value)) return value as OrgType;
  throw new OrgTypeError(value);
}

/** The Organization fields that describe an org of this type, created today. */
export function organizationFields(
  type: OrgType,
  today: string
): { IsSandbox: boolean; OrganizationType: string; TrialExpirationDate: string | null } {
  switch (type) {
    case 'production':
      return { IsSandbox: false, OrganizationType: 'Enterprise Edition', TrialExpirationDate: null };
    case 'sandbox':
      return { IsSandbox: true, OrganizationType: 'Enterprise Edition', TrialExpirationDate: null };
    case 'scratch': {
      const expires = new Date(Date.parse(`${today}T00:00:00Z`) + SCRATCH_DAYS * 86_400_000);
      return { IsSandbox: true, OrganizationType: 'Developer Edition', TrialExpirationDate: expires.toISOString() };
    }
    case 'developer':
      return { IsSandbox: false, OrganizationType: 'Developer Edition', TrialExpirationDate: null };
  }
}

/** The org's type (kept in the store, so a --data-dir org keeps it across restarts). */
export function orgTypeOf(store: Store): OrgType {
  const stored = store.getMeta('orgType');
  return stored && (ORG_TYPES as readonly string[]).includes(stored) ? (stored as OrgType) : DEFAULT_ORG_TYPE;
}

/** Makes the org this type: the Organization record's fields and the stored type. */
export function setOrgType(store: Store, type: OrgType): void {
  store.transaction(() => {
    store.setMeta('orgType', type);
    if (store.orgId)
      store.update('Organization', store.orgId, organizationFields(type, store.clock.today()), { system: true });
  });
}

/** Production orgs enforce test levels and code coverage on deploy; sandboxes, scratch and Developer Edition orgs do not. */
export function isProductionOrg(store: Store): boolean {
  return orgTypeOf(store) === 'production';
}
