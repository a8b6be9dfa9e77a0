/**
 * The Apex runtime over the classes and triggers deployed to the org (ApexClass, ApexTrigger rows), compiled again whenever
 * the rows change (a SHA-1 of names and bodies is compared before each use). The Apex worker's job host
 * runs transactions on it; the HTTP thread keeps one only to look up methods (the console's pages).
 */
import { createHash } from 'node:crypto';
import { ApexRuntime, type ApexTriggerFile } from '../apex/index.js';
import type { RuntimeCollaborators } from '../apex/collaborators.js';
import type { CompileProblem } from '../apex/errors.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';

/** Deployed classes that do not compile together: anonymous Apex cannot run until a deploy fixes them. */
export class ApexClassesCompileError extends Error {
  constructor(readonly problems: readonly CompileProblem[]) {
    super(
      `the deployed Apex classes do not compile in the local runtime: ${problems
        .slice(0, 3)
        .map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)
        .join('; ')}`
    );
    this.name = 'ApexClassesCompileError';
  }
}

/** ApexTrigger rows as trigger files (Status Active fires; Inactive and Deleted do not). */
export function triggerFiles(rows: readonly Record<string, unknown>[]): ApexTriggerFile[] {
  return rows.map((r) => ({ name: String(r.Name), body: String(r.Body ?? ''), active: r.Status === 'Active' }));
}

export class DeployedRuntime {
  private runtime: ApexRuntime | null = null;
  private signature = '';

  constructor(
    private readonly store: Store,
    private readonly collaborators: RuntimeCollaborators
  ) {}

  /** The runtime over the currently deployed classes (recompiled when ApexClass rows changed). */
  current(): ApexRuntime {
    const rows = runSoql(this.store, 'SELECT Name, Body FROM ApexClass ORDER BY Name').records;
    const triggerRows = runSoql(this.store, 'SELECT Name, Body, Status FROM ApexTrigger ORDER BY Name').records;
    const hash = createHash('sha1');
    for (const r of rows) hash.update(`${String(r.Name)}\0${String(r.Body ?? '')}\0`);
    hash.update('\0triggers\0');
    for (const r of triggerRows) hash.update(`${String(r.Name)}\0${String(r.Status)}\0${String(r.Body ?? '')}\0`);
    const sig = hash.digest('hex');
    if (this.runtime && sig === this.signature) return this.runtime;
    const runtime = new ApexRuntime(this.collaborators);
    const files = rows.map((r) => ({ name: String(r.Name), body: String(r.Body ?? '') }));
    const result = files.length ? runtime.compile(files) : { success: true, problems: [] };
    if (!result.success) throw new ApexClassesCompileError(result.problems);
    const triggers = runtime.compileTriggers(triggerFiles(triggerRows));
    if (!triggers.success) throw new ApexClassesCompileError(triggers.problems);
    this.runtime = runtime;
    this.signature = sig;
    return runtime;
  }
}
