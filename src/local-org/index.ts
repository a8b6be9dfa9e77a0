/** The local org: an embedded Salesforce-compatible API server. See docs/local-org.md. */
export { startLocalOrg, type LocalOrg, type LocalOrgOptions } from './server/server.js';
export { Clock, Store, SalesforceError, openOrgStore, runSoql, readSeedFile } from './store/index.js';
export type { SeedSpec, SoqlResult, SoqlOptions, ApiRecord } from './store/index.js';
