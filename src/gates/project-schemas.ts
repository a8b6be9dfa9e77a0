import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { documentedFeature } from './documented-features.js';
import type { GateProblem, GateResult } from './problem.js';

const require = createRequire(import.meta.url);

const SCRATCH_DEF = 'config/project-scratch-def.json';

/** The Salesforce JSON schemas shipped by @salesforce/schemas, and the project files they govern. */
const SCHEMAS: { file: string; schema: string }[] = [
  { file: 'sfdx-project.json', schema: '@salesforce/schemas/sfdx-project.schema.json' },
  { file: SCRATCH_DEF, schema: '@salesforce/schemas/project-scratch-def.schema.json' }
];

/** The value at a JSON pointer such as `/features/1`, for the message. */
function valueAt(data: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], data);
}

function describe(error: ErrorObject, data: unknown): string {
  const where = error.instancePath || '(root)';
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  const value = error.instancePath ? ` (found ${JSON.stringify(valueAt(data, error.instancePath))})` : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}${value}`;
}

/**
 * One error per location: where an `anyOf` failed, its branches' errors (one per allowed pattern)
 * are noise, so only the `anyOf` verdict is kept.
 */
function summarize(errors: ErrorObject[]): ErrorObject[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors.filter((e) => !anyOfPaths.has(e.instancePath) || e.keyword === 'anyOf');
}

/**
 * Takes the documented features the schema does not know out of a scratch definition's
 * `features` (returning a copy to validate) and reports each as a note naming its source.
 */
function allowDocumentedFeatures(file: string, data: unknown): { data: unknown; notes: GateProblem[] } {
  const features = (data as { features?: unknown } | null)?.features;
  if (!Array.isArray(features)) return { data, notes: [] };
  const notes: GateProblem[] = [];
  const kept = features.filter((feature) => {
    const documented = typeof feature === 'string' ? documentedFeature(feature) : undefined;
    if (documented)
      notes.push({
        file,
        line: 0,
        column: 0,
        message: `feature ${documented.name} is not in @salesforce/schemas; allowed because ${documented.source} documents it`,
        rule: 'schema:documented-feature'
      });
    return !documented;
  });
  return { data: { ...(data as object), features: kept }, notes };
}

/**
 * Gate: `sfdx-project.json` and the scratch-org definition match Salesforce's published schemas;
 * scratch features the schema lags behind on are accepted when documented (documented-features.ts).
 */
export async function checkProjectSchemas(projectDir: string): Promise<GateResult> {
  const problems: GateProblem[] = [];
  const notes: GateProblem[] = [];
  for (const { file, schema } of SCHEMAS) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(await readFile(require.resolve(schema), 'utf8')) as object);
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path.join(projectDir, file), 'utf8'));
    } catch (error) {
      problems.push({
        file,
        line: 0,
        column: 0,
        message: `not readable JSON: ${(error as Error).message}`,
        rule: 'schema'
      });
      continue;
    }
    if (file === SCRATCH_DEF) {
      const allowed = allowDocumentedFeatures(file, data);
      notes.push(...allowed.notes);
      data = allowed.data;
    }
    if (!validate(data)) {
      for (const error of summarize(validate.errors ?? [])) {
        problems.push({ file, line: 0, column: 0, message: describe(error, data), rule: 'schema' });
      }
    }
  }
  return { gate: 'project-schemas', checked: SCHEMAS.length, problems, notes };
}
