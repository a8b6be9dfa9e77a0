/** The local org: an embedded Salesforce-compatible API server. See docs/local-org.md. */
export { startLocalOrg, type LocalOrg, type LocalOrgOptions } from './server/server.js';
export { Clock, Store, SalesforceError, openOrgStore, runSoql, readSeedFile } from './store/index.js';
export { ORG_TYPES, parseOrgType, OrgTypeError, type OrgType } from './store/index.js';
export { CURRENCY_MODES, parseCurrencyMode, type CurrencyMode } from './store/index.js';
export type { SeedSpec, SoqlResult, SoqlOptions, ApiRecord } from './store/index.js';
export { createStoreDataLayer, type DataLayerOptions } from './org/apex-data-layer.js';
export { getPrincipalCredential, updatePrincipalTokens, type PrincipalCredential } from './org/credentials.js';
export type { AnonymousExecutor, AnonymousResult } from './org/anonymous.js';
export { getMetadata, listMetadata, type MetadataComponent } from './metadata/registry.js';
export { capabilitiesMarkdown } from './capabilities.js';
export type { ApexTestRunner, ApexTestRunRequest, ApexTestRunResult } from './metadata/deploy-types.js';
export {
  setDescribeOverride,
  clearDescribeOverrides,
  listDescribeOverrides,
  type DescribeOverride
} from './store/describe-overrides.js';
export { consoleTabs, frontdoorUrl, tabHref } from './console/index.js';
