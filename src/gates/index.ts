import { checkApexSyntax } from './apex-syntax.js';
import { checkConvert } from './convert.js';
import { checkFormat } from './format.js';
import { checkCodeAnalyzer } from './code-analyzer.js';
import { checkProjectSchemas } from './project-schemas.js';
import type { GateResult } from './problem.js';

export { formatProblem, GateSetupError, type GateProblem, type GateResult } from './problem.js';

/** A named offline gate over the project at `projectDir`. */
export interface Gate {
  name: string;
  description: string;
  run(projectDir: string): Promise<GateResult>;
}

/** Every offline gate, in the order `npm run gates` runs them. */
export const GATES: Gate[] = [
  {
    name: 'project-schemas',
    description: 'sfdx-project.json and the scratch definition match Salesforce schemas',
    run: (dir) => checkProjectSchemas(dir)
  },
  {
    name: 'convert',
    description: 'force-app converts to Metadata API format (source-deploy-retrieve) with replacements applied',
    run: (dir) => checkConvert(dir, 'force-app')
  },
  {
    name: 'apex-syntax',
    description: 'every .cls, .trigger and .apex file parses (@apexdevtools/apex-parser)',
    run: (dir) => checkApexSyntax(dir, ['force-app', 'scripts', 'test/fixtures'])
  },
  {
    name: 'format',
    description: 'prettier --check with prettier-plugin-apex and the XML plugin',
    run: (dir) => checkFormat(dir, ['force-app', 'src', 'scripts', 'test', 'bench', 'config'])
  },
  {
    name: 'code-analyzer',
    description:
      "Code Analyzer v5 (code-analyzer.yml): PMD's Apex security, error-prone, performance and best-practice rules and the regex engine's recommended rules (severity 1-2 fail)",
    run: (dir) => checkCodeAnalyzer(dir, ['force-app'])
  }
];
