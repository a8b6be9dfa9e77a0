/** The Apex front end: parsing and syntax errors in the org's shape (used by gates, deploy, runtime). */
export {
  MAX_SYNTAX_PROBLEMS,
  forgetParsedSources,
  parseApex,
  parseCount,
  unitKindOf,
  type ApexUnitKind,
  type ParsedApex,
  type SyntaxProblem
} from './parse.js';
export { orgSyntaxMessage } from './syntax-messages.js';
export { configureParseCache, parseCacheDir, parseCacheStats, parseCacheVersion } from './parse-cache.js';
