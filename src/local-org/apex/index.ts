/** Public surface of the local Apex runtime. */
// Asynchronous Apex (batch jobs) and callouts (Http) register their library methods on import.
import './async/index.js';
import './callouts/index.js';
export { ApexRuntime, type ApexSourceFile, type ApexTriggerFile, type CompileResult } from './runtime.js';
export { executeAnonymous, type ExecuteAnonymousContext, type ExecuteAnonymousResult } from './execute-anonymous.js';
export type * from './data-layer.js';
export { libraryMembers, type LibraryMember } from './library/registry.js';
export { BUILTIN_ENUMS, NATIVE_TYPES } from './types.js';
export { ApexCompileError, UnsupportedFeatureError, type CompileProblem } from './errors.js';
export { measureLoad, measureStatementsPerSecond, type LoadMeasure, type StatementsMeasure } from './measure.js';
