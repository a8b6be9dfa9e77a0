/**
 * Compile on deploy: after a deploy has registered its components (inside the deploy transaction),
 * every deployed Apex class is compiled together by the local Apex runtime (and every trigger body checked), against the schema the
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
    const files = (object: string) =>
      runSoql(store, `SELECT Name, Body FROM ${object} ORDER BY Name`).records.map((r) => ({
        name: String(r.Name),
        body: String(r.Body ?? '')
      }));
    const classes = files('ApexClass');
    const triggers = files('ApexTrigger');
    if (classes.length === 0 && triggers.length === 0) return [];
    const runtime = new ApexRuntime(orgCollaborators(store));
    const problems = runtime.compile(classes).problems;
    // Trigger bodies are checked against the classes (an org compiles them together).
    return problems.length ? problems : runtime.checkTriggers(triggers);
  };
}
