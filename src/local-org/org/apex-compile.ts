/**
 * Compile on deploy: after a deploy has registered its components (inside the deploy transaction),
 * every deployed Apex class is compiled together by the local Apex runtime, against the schema the
 * deploy produced, as an org compiles on deploy. Problems (unknown types and methods, wrong argument
 * counts, duplicate members, missing returns …) fail the deploy with file, line and column.
 */
import { ApexRuntime } from '../apex/index.js';
import type { ApexCompiler } from '../metadata/deploy-types.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';
import { orgCollaborators } from './runtime-collaborators.js';

export function createDeployCompiler(store: Store): ApexCompiler {
  return () => {
    const rows = runSoql(store, 'SELECT Name, Body FROM ApexClass ORDER BY Name').records;
    if (rows.length === 0) return [];
    const files = rows.map((r) => ({ name: String(r.Name), body: String(r.Body ?? '') }));
    return new ApexRuntime(orgCollaborators(store)).compile(files).problems;
  };
}
