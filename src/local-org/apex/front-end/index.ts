/** The Apex front end: parsing and syntax errors in the org's shape (used by gates, deploy, runtime). */
export {
  MAX_SYNTAX_PROBLEMS,
  parseApex,
  parseCount,
  unitKindOf,
  type ApexUnitKind,
  type ParsedApex,
  type SyntaxProblem
} from './parse.js';
export { orgSyntaxMessage } from './syntax-messages.js';
