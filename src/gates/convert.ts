import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ComponentSet, ForceIgnore, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { XMLValidator } from 'fast-xml-parser';
import { listFiles, relativeTo } from './files.js';
import type { GateProblem, GateResult } from './problem.js';

/** The parts of an `sfdx-project.json` replacement entry that this gate reads. */
interface ReplacementConfig {
  filename?: string;
  glob?: string;
  stringToReplace?: string;
  regexToReplace?: string;
  replaceWithEnv?: string;
}

/** Placeholder used for an unset replacement variable, so the offline conversion can run. */
export function placeholderFor(variable: string): string {
  return /URL$/i.test(variable) ? 'https://placeholder.example.invalid' : `placeholder-${variable.toLowerCase()}`;
}

async function readReplacements(projectDir: string): Promise<ReplacementConfig[]> {
  const project = JSON.parse(await readFile(path.join(projectDir, 'sfdx-project.json'), 'utf8')) as {
    replacements?: ReplacementConfig[];
  };
  return project.replacements ?? [];
}

/** Checks that every `*-meta.xml` file is well-formed XML, with the parser's line and column. */
async function checkWellFormed(projectDir: string, packageDir: string): Promise<GateProblem[]> {
  const problems: GateProblem[] = [];
  for (const file of await listFiles(path.resolve(projectDir, packageDir), ['-meta.xml'])) {
    const verdict = XMLValidator.validate(await readFile(file, 'utf8'));
    if (verdict !== true) {
      problems.push({
        file: relativeTo(projectDir, file),
        line: verdict.err.line,
        column: verdict.err.col,
        message: `malformed XML: ${verdict.err.msg}`,
        rule: 'xml'
      });
    }
  }
  return problems;
}

/**
 * Gate: the package directory converts to Metadata API format with source-deploy-retrieve, the
 * same code path as `sf project convert source` and `sf project deploy start`. Unset replacement
 * variables get placeholders (only for this conversion), and every replacement token must be gone
 * from the converted output.
 */
export async function checkConvert(projectDir: string, packageDir = 'force-app'): Promise<GateResult> {
  const problems = await checkWellFormed(projectDir, packageDir);
  const replacements = await readReplacements(projectDir);
  const restored: [string, string | undefined][] = [];
  for (const { replaceWithEnv } of replacements) {
    if (replaceWithEnv && process.env[replaceWithEnv] === undefined) {
      restored.push([replaceWithEnv, undefined]);
      process.env[replaceWithEnv] = placeholderFor(replaceWithEnv);
    }
  }
  // Deploys (zip output) always apply replacements; a directory conversion only with this switch,
  // the same one `sf project convert source` documents.
  const applyOnConvert = process.env.SF_APPLY_REPLACEMENTS_ON_CONVERT;
  process.env.SF_APPLY_REPLACEMENTS_ON_CONVERT = 'true';
  const outputDir = await mkdtemp(path.join(os.tmpdir(), 'dated-rates-convert-'));
  let checked = 0;
  try {
    const set = ComponentSet.fromSource(path.resolve(projectDir, packageDir));
    set.projectDirectory = projectDir;
    checked = set.size;
    problems.push(...(await findStrayFiles(projectDir, packageDir, set)));
    if (checked === 0) {
      problems.push({ file: packageDir, line: 0, column: 0, message: 'no metadata components found', rule: 'convert' });
    } else {
      await new MetadataConverter().convert(set, 'metadata', {
        type: 'directory',
        outputDirectory: outputDir,
        genUniqueDir: false
      });
      problems.push(...(await findUnreplacedTokens(outputDir, replacements)));
    }
  } catch (error) {
    problems.push({
      file: packageDir,
      line: 0,
      column: 0,
      message: `conversion failed: ${error instanceof Error ? error.message : String(error)}`,
      rule: 'convert'
    });
  } finally {
    for (const [name] of restored) delete process.env[name];
    if (applyOnConvert === undefined) delete process.env.SF_APPLY_REPLACEMENTS_ON_CONVERT;
    else process.env.SF_APPLY_REPLACEMENTS_ON_CONVERT = applyOnConvert;
    await rm(outputDir, { recursive: true, force: true });
  }
  return { gate: 'convert', checked, problems, notes: [] };
}

async function findUnreplacedTokens(outputDir: string, replacements: ReplacementConfig[]): Promise<GateProblem[]> {
  const tokens = replacements.map((r) => r.stringToReplace).filter((t): t is string => Boolean(t));
  if (tokens.length === 0) return [];
  const problems: GateProblem[] = [];
  for (const file of await listFiles(outputDir, [''])) {
    const text = await readFile(file, 'utf8');
    for (const token of tokens) {
      const index = text.indexOf(token);
      if (index >= 0) {
        const line = text.slice(0, index).split('\n').length;
        problems.push({
          file: `converted/${relativeTo(outputDir, file)}`,
          line,
          column: index - text.lastIndexOf('\n', index - 1),
          message: `replacement token ${token} was not replaced: add this file to its entry in sfdx-project.json "replacements"`,
          rule: 'convert'
        });
      }
    }
  }
  return problems;
}

/**
 * Files in the package directory that belong to no metadata component (a `.cls` without its
 * `-meta.xml`, a file in the wrong folder). source-deploy-retrieve skips them silently, so a deploy
 * would quietly leave them out. Files hidden by `.forceignore` are expected and not reported.
 */
async function findStrayFiles(projectDir: string, packageDir: string, set: ComponentSet): Promise<GateProblem[]> {
  const covered = new Set<string>();
  for (const component of set.getSourceComponents()) {
    if (component.xml) covered.add(component.xml);
    for (const file of component.walkContent()) covered.add(file);
  }
  const forceIgnore = ForceIgnore.findAndCreate(projectDir);
  const problems: GateProblem[] = [];
  for (const file of await listFiles(path.resolve(projectDir, packageDir), [''])) {
    if (covered.has(file) || forceIgnore.denies(file)) continue;
    problems.push({
      file: relativeTo(projectDir, file),
      line: 0,
      column: 0,
      message:
        'belongs to no metadata component, so it would not be deployed: add its -meta.xml or move it to the folder of its type',
      rule: 'convert'
    });
  }
  return problems;
}
