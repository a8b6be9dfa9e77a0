/**
 * The local org: an embedded Salesforce-compatible API server. See docs/local-org.md. Scripts, benchmarks
 * and the toolchain's tests use only this entry; its folders (server, org, store, metadata, apex) are
 * internal. Loading it does not load @salesforce/core (registerWithCli loads it when called), so callers
 * can isolate HOME first.
 */
import type { LocalOrg } from './server/server.js';

export { startLocalOrg, type LocalOrg, type LocalOrgOptions } from './server/server.js';
export { Clock, Store, SalesforceError, openOrgStore, runSoql, readSeedFile } from './store/index.js';
export { ORG_TYPES, parseOrgType, OrgTypeError, type OrgType } from './store/index.js';
export { CURRENCY_MODES, parseCurrencyMode, type CurrencyMode } from './store/index.js';
export type { SeedSpec, SeedForToday, SoqlResult, SoqlOptions, ApiRecord } from './store/index.js';
export { defaultSeed } from './store/seed.js';
export { addDays } from './store/clock.js';
export { ISO_4217_CODES } from './store/iso4217.js';
export { createStoreDataLayer, type DataLayerOptions } from './org/apex-data-layer.js';
export { orgCollaborators, storeClock } from './org/runtime-collaborators.js';
export { runOrgApexTests } from './org/apex-tests.js';
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
export { formatTestReport } from './apex/testing/report.js';
export {
  configureParseCache,
  forgetParsedSources,
  parseApex,
  parseCacheStats,
  parseCount,
  unitKindOf,
  type ApexUnitKind
} from './apex/front-end/index.js';
export { measureLoad, measureStatementsPerSecond } from './apex/measure.js';
export type { RuntimeCollaborators, ApexClock } from './apex/collaborators.js';
export type { ApexDataLayer, SObjectDescribe } from './apex/data-layer.js';

/** Registers the org with @salesforce/core (and the sf CLI) under an alias; answers the username. */
export async function registerWithCli(org: LocalOrg, alias: string): Promise<string> {
  return (await import('./login.js')).registerWithCli(org, alias);
}
