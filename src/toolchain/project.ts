/**
 * Reading sfdx-project.json and .env. The project file is read directly (not through SfProject)
 * so that it works the same in unit tests, where @salesforce/core's TestContext stubs project
 * resolution.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from './errors.js';

export type Replacement = {
  filename?: string;
  glob?: string;
  stringToReplace?: string;
  regexToReplace?: string;
  replaceWithEnv?: string;
  replaceWithFile?: string;
  allowUnsetEnvVariable?: boolean;
  replaceWhenEnv?: Array<{ env: string; value: string | number | boolean }>;
};

export type ProjectInfo = {
  dir: string;
  sourceApiVersion?: string;
  packageDirectories: string[];
  replacements: Replacement[];
};

/** Reads sfdx-project.json in `dir`. */
export function readProject(dir: string): ProjectInfo {
  const file = join(dir, 'sfdx-project.json');
  if (!existsSync(file)) {
    throw new ConfigurationError(`No sfdx-project.json in ${dir}.`, ['Run the command from the project root.']);
  }
  let json: { sourceApiVersion?: string; packageDirectories?: Array<{ path: string }>; replacements?: Replacement[] };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (error) {
    throw new ConfigurationError(`sfdx-project.json is not valid JSON: ${(error as Error).message}`, [`Fix ${file}.`]);
  }
  return {
    dir,
    sourceApiVersion: json.sourceApiVersion,
    packageDirectories: (json.packageDirectories ?? []).map((p) => p.path),
    replacements: json.replacements ?? []
  };
}

/**
 * Parses a .env file: `KEY=value` lines, `#` comments, optional `export `, single or double
 * quotes (double quotes understand \n). No variable expansion.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2];
    if (value.startsWith('"') && value.lastIndexOf('"') > 0) {
      value = value.slice(1, value.lastIndexOf('"')).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else if (value.startsWith("'") && value.lastIndexOf("'") > 0) {
      value = value.slice(1, value.lastIndexOf("'"));
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    result[match[1]] = value;
  }
  return result;
}

/** Copies the variables of `<dir>/.env` into `env` without overriding what is already set. */
export function loadDotEnv(dir: string, env: Record<string, string | undefined>): string[] {
  const file = join(dir, '.env');
  if (!existsSync(file)) return [];
  const loaded: string[] = [];
  for (const [key, value] of Object.entries(parseDotEnv(readFileSync(file, 'utf8')))) {
    if (env[key] === undefined || env[key] === '') {
      env[key] = value;
      loaded.push(key);
    }
  }
  return loaded;
}

/**
 * Environment variables the replacements need: every `replaceWithEnv` that does not allow an
 * unset variable and whose `replaceWhenEnv` conditions hold.
 */
export function requiredEnvVariables(replacements: Replacement[], env: Record<string, string | undefined>): string[] {
  const names = replacements
    .filter((r) => r.replaceWithEnv && !r.allowUnsetEnvVariable)
    .filter((r) => (r.replaceWhenEnv ?? []).every((c) => env[c.env] === String(c.value)))
    .map((r) => r.replaceWithEnv as string);
  return [...new Set(names)];
}

/**
 * @throws ConfigurationError naming every required variable that is unset or empty
 */
export function assertEnvironment(replacements: Replacement[], env: Record<string, string | undefined>): void {
  const missing = requiredEnvVariables(replacements, env).filter((name) => !env[name]);
  if (missing.length) {
    throw new ConfigurationError(
      `Missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (needed by the replacements in sfdx-project.json).`,
      ['Copy .env.example to .env and fill in the values, or export them in the shell.', 'See docs/toolchain.md.']
    );
  }
}

/** Names of the Apex classes under the package directories whose file name ends with `suffix`. */
export function findApexClasses(project: ProjectInfo, suffix = '.cls'): string[] {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(suffix)) found.add(entry.name.slice(0, -'.cls'.length));
    }
  };
  for (const pkg of project.packageDirectories) walk(join(project.dir, pkg));
  return [...found].sort();
}

/** Names of the Apex test classes (`*_Tests.cls`) under the package directories. */
export function findTestClasses(project: ProjectInfo): string[] {
  return findApexClasses(project, '_Tests.cls');
}
