import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import type { GateProblem, GateResult } from './problem.js';

const require = createRequire(import.meta.url);

/** The Salesforce JSON schemas shipped by @salesforce/schemas, and the project files they govern. */
const SCHEMAS: { file: string; schema: string }[] = [
  { file: 'sfdx-project.json', schema: '@salesforce/schemas/sfdx-project.schema.json' },
  { file: 'config/project-scratch-def.json', schema: '@salesforce/schemas/project-scratch-def.schema.json' }
];

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}`;
}

/** Gate: `sfdx-project.json` and the scratch-org definition match Salesforce's published schemas. */
export async function checkProjectSchemas(projectDir: string): Promise<GateResult> {
  const problems: GateProblem[] = [];
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
    if (!validate(data)) {
      for (const error of validate.errors ?? []) {
        problems.push({ file, line: 0, column: 0, message: describe(error), rule: 'schema' });
      }
    }
  }
  return { gate: 'project-schemas', checked: SCHEMAS.length, problems, notes: [] };
}
