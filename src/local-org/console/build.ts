/**
 * Compiles a Lightning page for the browser: the deployed Lightning web components with the LWC compiler
 * (`@lwc/rollup-plugin` on rollup), the base components from Salesforce's `lightning-base-components` npm
 * package, synthetic shadow (which that package requires), and the local org's own modules for what only
 * the platform provides (`@salesforce/apex…`, `lightning/platformShowToastEvent`, the page host).
 * A page is built once per deployed state (bundles + Apex classes) and kept in memory.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'rollup';
import type { DeployedBundle, PageComponent } from './deployed.js';
import { ICON_LIBRARY_PREFIX, IconIndex, iconLibraryCategory, iconLibrarySource } from './icons.js';

const CLIENT_DIR = resolve(import.meta.dirname, 'client');
/** Work folders live under node_modules/.cache so that npm packages resolve from them. */
const NODE_MODULES = dirname(dirname(createRequire(import.meta.url).resolve('lightning-base-components/package.json')));
const WORK_ROOT = join(NODE_MODULES, '.cache', 'local-org-console');
const APEX_CLIENT = join(CLIENT_DIR, 'localorg', 'apex', 'apex.js');
const TOAST_CLIENT = join(CLIENT_DIR, 'localorg', 'toast', 'toast.js');
const HOST_CLIENT = join(CLIENT_DIR, 'localorg', 'host', 'host.js');
const APEX_PREFIX = '@salesforce/apex/';
const VIRTUAL_APEX = '\0local-org-apex:';

/** A component cannot be compiled: the message names the file and what to change. */
export class ConsoleBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConsoleBuildError';
  }
}

/** How the build learns whether `<Class>.<method>` is an @AuraEnabled method (and a cacheable one). */
export type AuraMethodLookup = (classname: string, method: string) => { cacheable: boolean };

export interface BuiltPage {
  readonly hash: string;
  readonly code: string;
  readonly gzipped: Buffer;
}

export interface BuildInput {
  readonly bundles: readonly DeployedBundle[];
  readonly components: readonly PageComponent[];
  /** Changes whenever the deployed Apex changes (the build checks every Apex import against it). */
  readonly apexSignature: string;
  readonly lookupAuraMethod: AuraMethodLookup;
}

/** What else decides a build's output: the compiler and base-component versions and this module's own sources. */
function toolchainSignature(): string {
  const hash = createHash('sha1');
  for (const pkg of ['lwc', '@lwc/rollup-plugin', 'rollup', 'lightning-base-components']) {
    const file = join(NODE_MODULES, pkg, 'package.json');
    const version = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : '?';
    hash.update(`${pkg}@${version}\0`);
  }
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, name.name);
      if (name.isDirectory()) walk(path);
      else hash.update(`${name.name}\0${readFileSync(path, 'utf8')}\0`);
    }
  };
  walk(import.meta.dirname);
  return hash.digest('hex');
}

let toolchain: string | null = null;

function keyOf(input: BuildInput): string {
  const hash = createHash('sha1');
  toolchain ??= toolchainSignature();
  hash.update(toolchain);
  hash.update(input.apexSignature);
  for (const c of input.components) hash.update(`\0c:${c.specifier}`);
  for (const b of [...input.bundles].sort((x, y) => x.name.localeCompare(y.name)))
    for (const [name, data] of [...b.files].sort(([x], [y]) => x.localeCompare(y)))
      hash.update(`\0${b.name}/${name}\0${data}`);
  return hash.digest('hex').slice(0, 16);
}

/** The platform's modules for a deployed component, and a loud error for the ones the local org lacks. */
function platformModules(modulesDir: string, lookup: AuraMethodLookup, icons: Map<string, string[]>): Plugin {
  const deployedFile = (importer: string | undefined): string | null =>
    importer && !importer.startsWith('\0') && importer.startsWith(modulesDir + sep)
      ? relative(modulesDir, importer).split(sep).join('/')
      : null;
  return {
    name: 'local-org-platform-modules',
    resolveId(source, importer) {
      if (source === '@salesforce/apex' || source === 'localorg/apex') return APEX_CLIENT;
      if (source === 'lightning/platformShowToastEvent') return TOAST_CLIENT;
      if (source === 'localorg/host') return HOST_CLIENT;
      const category = iconLibraryCategory(source);
      if (category) return `${ICON_LIBRARY_PREFIX}${category}`;
      if (source.startsWith(APEX_PREFIX)) {
        const reference = source.slice(APEX_PREFIX.length);
        const parts = reference.split('.');
        const where = deployedFile(importer) ?? importer ?? 'the page';
        if (parts.length === 3)
          throw new ConsoleBuildError(
            `not supported by the local runtime: the namespaced Apex import ${source} in ${where} (the local org has no namespace)`
          );
        if (parts.length !== 2 || !parts[0] || !parts[1])
          throw new ConsoleBuildError(
            `Invalid Apex import ${source} in ${where}: use @salesforce/apex/<Class>.<method>`
          );
        let cacheable: boolean;
        try {
          ({ cacheable } = lookup(parts[0], parts[1]));
        } catch (e) {
          throw new ConsoleBuildError(`${e instanceof Error ? e.message : String(e)} (imported in ${where})`);
        }
        return `${VIRTUAL_APEX}${parts[0]}.${parts[1]}:${cacheable ? 'cacheable' : 'plain'}`;
      }
      const file = deployedFile(importer);
      if (file && source.startsWith('@salesforce/'))
        throw new ConsoleBuildError(
          `not supported by the local runtime: the import ${source} in ${file} (the local org serves @salesforce/apex only)`
        );
      return null;
    },
    load(id) {
      if (id.startsWith(ICON_LIBRARY_PREFIX)) {
        const category = id.slice(ICON_LIBRARY_PREFIX.length);
        return iconLibrarySource(category, icons.get(category) ?? []);
      }
      if (!id.startsWith(VIRTUAL_APEX)) return null;
      const [reference, mode] = id.slice(VIRTUAL_APEX.length).split(':');
      const [classname, method] = reference.split('.');
      return `import { apexMethod } from 'localorg/apex';\nexport default apexMethod('', ${JSON.stringify(classname)}, ${JSON.stringify(method)}, ${mode === 'cacheable'});\n`;
    }
  };
}

/** Build-time constants that the compiled modules test (rollup leaves `import.meta.env` and `process.env` alone). */
function constants(): Plugin {
  return {
    name: 'local-org-constants',
    transform(code) {
      if (!code.includes('import.meta.env') && !code.includes('process.env.NODE_ENV')) return null;
      return {
        code: code
          .replace(/import\.meta\.env\.SSR/g, 'false')
          .replace(/import\.meta\.env\.DEV/g, 'false')
          .replace(/import\.meta\.env/g, '({})')
          .replace(/process\.env\.NODE_ENV/g, '"production"'),
        map: null
      };
    }
  };
}

function entrySource(components: readonly PageComponent[]): string {
  const lines = ["import '@lwc/synthetic-shadow';", "import { mount } from 'localorg/host';"];
  components.forEach((c, i) => lines.push(`import Component${i} from ${JSON.stringify(c.specifier)};`));
  const list = components.map((c, i) => `{ tagName: ${JSON.stringify(c.tagName)}, ctor: Component${i} }`).join(', ');
  lines.push(`mount(document.getElementById('page'), [${list}]);`);
  return lines.join('\n') + '\n';
}

/** Builds pages and keeps the last build of each page in memory. */
export class PageBuilder {
  private readonly built = new Map<string, Promise<BuiltPage>>();
  private readonly icons = new IconIndex();

  /** The page's compiled script (built on the first request for this deployed state). */
  build(input: BuildInput): Promise<BuiltPage> {
    const hash = keyOf(input);
    const known = this.built.get(hash);
    if (known) return known;
    const cached = join(WORK_ROOT, 'built', `${hash}.js`);
    const pending = existsSync(cached)
      ? Promise.resolve(page(hash, readFileSync(cached, 'utf8')))
      : compile(hash, input, this.icons.namesFor(input.bundles.flatMap((b) => [...b.files.values()]))).then((built) => {
          // Kept on disk too, so that the next start of the org serves the same deployed state at once.
          mkdirSync(dirname(cached), { recursive: true });
          writeFileSync(`${cached}.tmp`, built.code);
          renameSync(`${cached}.tmp`, cached);
          return built;
        });
    this.built.set(hash, pending);
    pending.catch(() => this.built.delete(hash));
    return pending;
  }

  /** A finished build by hash (what the page's script URL names), if it is still kept. */
  async byHash(hash: string): Promise<BuiltPage | undefined> {
    return this.built.get(hash);
  }
}

function page(hash: string, code: string): BuiltPage {
  return { hash, code, gzipped: gzipSync(code) };
}

async function compile(hash: string, input: BuildInput, icons: Map<string, string[]>): Promise<BuiltPage> {
  for (const c of input.components)
    if (!input.bundles.some((b) => `c/${b.name}` === c.specifier))
      throw new ConsoleBuildError(`The Lightning web component ${c.specifier} is not deployed to this org`);
  mkdirSync(WORK_ROOT, { recursive: true });
  const work = mkdtempSync(join(WORK_ROOT, 'page-'));
  try {
    const modulesDir = join(work, 'modules');
    for (const b of input.bundles)
      for (const [name, data] of b.files) {
        const target = join(modulesDir, 'c', b.name, name);
        if (!target.startsWith(join(modulesDir, 'c', b.name) + sep))
          throw new ConsoleBuildError(`The bundle ${b.name} has a file outside its folder: ${name}`);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, data);
      }
    writeFileSync(
      join(work, 'package.json'),
      '{ "name": "local-org-page", "private": true, "lwc": { "modules": [] } }\n'
    );
    const entry = join(work, 'entry.js');
    writeFileSync(entry, entrySource(input.components));
    const [{ rollup }, { default: lwc }] = await Promise.all([import('rollup'), import('@lwc/rollup-plugin')]);
    const warnings: string[] = [];
    const bundle = await rollup({
      input: entry,
      plugins: [
        platformModules(modulesDir, input.lookupAuraMethod, icons),
        constants(),
        lwc({
          rootDir: modulesDir,
          enableDynamicComponents: true,
          // lightning-combobox and other form controls use ElementInternals, which synthetic shadow provides only with this.
          enableSyntheticElementInternals: true,
          modules: [{ dir: modulesDir }, { npm: 'lightning-base-components' }]
        })
      ],
      onwarn(warning) {
        if (warning.code === 'UNRESOLVED_IMPORT')
          throw new ConsoleBuildError(`Cannot resolve ${warning.exporter ?? ''} imported by ${warning.id ?? '?'}`);
        if (warning.code !== 'CIRCULAR_DEPENDENCY' && warning.code !== 'THIS_IS_UNDEFINED')
          warnings.push(warning.message);
      }
    });
    try {
      const { output } = await bundle.generate({ format: 'iife', name: 'localOrgPage', inlineDynamicImports: true });
      return page(hash, output[0].code);
    } finally {
      await bundle.close();
    }
  } catch (e) {
    if (e instanceof ConsoleBuildError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const id = (e as { id?: string }).id;
    throw new ConsoleBuildError(
      `The page could not be compiled: ${message}${id ? ` (in ${id.replace(work, '')})` : ''}`
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
