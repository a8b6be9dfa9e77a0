/**
 * Metadata deploy: read the zip and package.xml, validate every component (XML well formed and of a
 * known type, Apex syntax), then — unless checkOnly or anything failed — register it all in one
 * transaction. Component types come from @salesforce/source-deploy-retrieve's registry; a file or a
 * package.xml type the registry does not know is reported as a failure, never dropped.
 */
import { registry } from '@salesforce/source-deploy-retrieve';
import { tableName, type Store } from '../store/store.js';
import { parseApex } from '../apex/front-end/index.js';
import { resolveComponents } from './components.js';
import { InvalidZipError, readZipEntries } from './zip-reader.js';

export { InvalidZipError } from './zip-reader.js';
import { register, type Component } from './register.js';
import { putMetadataFiles } from './files.js';
import { activeJobConflicts, coverageWarnings, effectiveTestLevel, type CodeCoverageWarning } from './deploy-rules.js';
import type { ApexTestRunResult, ComponentMessage, DeployOptions, DeployResultBody } from './deploy-types.js';

export type {
  ApexTestRunRequest,
  ApexTestRunResult,
  ApexTestRunner,
  ComponentMessage,
  DeployOptions,
  DeployResultBody
} from './deploy-types.js';
import { XmlSyntaxError, asArray, parseXml, text } from './xml.js';

const knownTypeNames = new Set(
  Object.values(registry.types).flatMap((t) => [t.name, ...Object.values(t.children?.types ?? {}).map((c) => c.name)])
);
const ORDER = ['CustomObject', 'PermissionSet'];
const LAST = ['CustomMetadata'];
const TEST_LEVELS_WITH_TESTS = new Set(['RunLocalTests', 'RunAllTestsInOrg', 'RunSpecifiedTests', 'RunRelevantTests']);

class DeployAbort extends Error {}

export async function readDeployZip(
  zipData: Buffer
): Promise<{ files: Map<string, string>; raw: Map<string, Buffer>; root: string }> {
  const files = await readZipEntries(zipData);
  const pkg = [...files.keys()]
    .filter((p) => p === 'package.xml' || p.endsWith('/package.xml'))
    .sort((a, b) => a.length - b.length)[0];
  if (!pkg) throw new InvalidZipError('No package.xml found in the zip');
  const root = pkg.slice(0, -'package.xml'.length);
  const rel = new Map<string, string>();
  const raw = new Map<string, Buffer>();
  for (const [p, d] of files)
    if (p.startsWith(root)) {
      rel.set(p.slice(root.length), d.toString('utf8'));
      raw.set(p.slice(root.length), d);
    }
  return { files: rel, raw, root };
}

/** What a finished deploy reports (DeployResult in the Metadata API): counts, component messages, status. */
export function deployResult(
  store: Store,
  id: string,
  options: DeployOptions,
  started: string,
  outcome: {
    status: 'Succeeded' | 'Failed';
    successes: ComponentMessage[];
    failures: ComponentMessage[];
    total: number;
    deployed: number;
  },
  extra: Partial<DeployResultBody> = {}
): DeployResultBody {
  const now = store.clock.now().toISOString();
  return {
    id,
    checkOnly: options.checkOnly ?? false,
    completedDate: now,
    createdBy: store.userId,
    createdByName: 'Local Admin',
    createdDate: started,
    details: {
      componentSuccesses: outcome.successes,
      componentFailures: outcome.failures,
      runTestResult: { numFailures: 0, numTestsRun: 0, totalTime: 0, failures: [], successes: [] }
    },
    done: true,
    ignoreWarnings: options.ignoreWarnings ?? false,
    lastModifiedDate: now,
    numberComponentErrors: outcome.failures.length,
    numberComponentsDeployed: outcome.deployed,
    numberComponentsTotal: outcome.total,
    numberTestErrors: 0,
    numberTestsCompleted: 0,
    numberTestsTotal: 0,
    rollbackOnError: options.rollbackOnError ?? true,
    runTestsEnabled: false,
    startDate: started,
    status: outcome.status,
    success: outcome.status === 'Succeeded',
    ...extra
  };
}

export async function deployZip(
  store: Store,
  id: string,
  zipData: Buffer,
  options: DeployOptions
): Promise<DeployResultBody> {
  const started = store.clock.now().toISOString();
  const successes: ComponentMessage[] = [];
  const failures: ComponentMessage[] = [];
  const msg = (
    c: Pick<ComponentMessage, 'componentType' | 'fullName' | 'fileName'>,
    extra: Partial<ComponentMessage>
  ): ComponentMessage => ({
    changed: false,
    created: false,
    createdDate: started,
    deleted: false,
    success: false,
    ...c,
    ...extra
  });
  const result = (
    status: 'Succeeded' | 'Failed',
    total: number,
    deployed: number,
    extra: Partial<DeployResultBody> = {}
  ): DeployResultBody =>
    deployResult(store, id, options, started, { status, successes, failures, total, deployed }, extra);

  let files: Map<string, string>;
  let raw: Map<string, Buffer>;
  try {
    ({ files, raw } = await readDeployZip(zipData));
  } catch (e) {
    if (!(e instanceof InvalidZipError)) throw e;
    return result('Failed', 0, 0, { errorMessage: e.message, errorStatusCode: 'UNKNOWN_EXCEPTION' });
  }
  // package.xml: well formed, and every type in it known.
  try {
    const pkg = parseXml(files.get('package.xml')!).Package as Record<string, unknown> | undefined;
    if (!pkg) throw new XmlSyntaxError('the root element must be <Package>', 1, 1);
    for (const t of asArray(pkg.types as Record<string, unknown>[] | Record<string, unknown>)) {
      const name = text(t.name) ?? '';
      if (!knownTypeNames.has(name))
        failures.push(
          msg(
            {
              componentType: name,
              fullName: asArray(t.members as string[])
                .map(String)
                .join(', '),
              fileName: 'package.xml'
            },
            { problem: `Unknown type name '${name}' specified in package.xml`, problemType: 'Error' }
          )
        );
    }
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    failures.push(
      msg(
        { componentType: '', fullName: 'package.xml', fileName: 'package.xml' },
        {
          problem: `Error parsing file: ${e.message}`,
          problemType: 'Error',
          lineNumber: e.line,
          columnNumber: e.column
        }
      )
    );
  }
  successes.push(
    msg({ componentType: '', fullName: 'package.xml', fileName: 'package.xml' }, { success: true, changed: true })
  );
  // Group files into components (source-deploy-retrieve's resolver names every registry type).
  const components = new Map<string, Component>();
  const componentFiles = new Map<string, Buffer>();
  for (const [path, data] of raw) {
    if (path === 'package.xml') continue;
    if (/^destructiveChanges(Pre|Post)?\.xml$/.test(path)) {
      failures.push(
        msg(
          { componentType: '', fullName: path, fileName: path },
          { problem: 'destructive changes are not supported by the local org', problemType: 'Error' }
        )
      );
      continue;
    }
    componentFiles.set(path, data);
  }
  const resolved = resolveComponents(componentFiles);
  for (const u of resolved.unresolved)
    failures.push(
      msg({ componentType: '', fullName: u.path, fileName: u.path }, { problem: u.problem, problemType: 'Error' })
    );
  for (const r of resolved.components) {
    const content = r.paths.filter((p) => p !== r.xmlPath);
    const ordered = [...content, ...(r.xmlPath ? [r.xmlPath] : [])];
    components.set(`${r.type}:${r.fullName}`, {
      type: r.type,
      fullName: r.fullName,
      xmlPath: r.xmlPath,
      files: ordered.map((path) => ({ path, data: files.get(path) ?? '', raw: raw.get(path) ?? Buffer.alloc(0) }))
    });
  }
  // Validate each component.
  const parsed = new Map<Component, Record<string, unknown>>();
  for (const c of components.values()) {
    let ok = true;
    for (const f of c.files) {
      if (f.path.endsWith('.cls') || f.path.endsWith('.trigger')) {
        for (const p of parseApex(f.data, f.path.endsWith('.trigger') ? 'trigger' : 'class').problems) {
          ok = false;
          failures.push(
            msg(
              { componentType: c.type, fullName: c.fullName, fileName: f.path },
              { problem: p.message, problemType: 'Error', lineNumber: p.line, columnNumber: p.column }
            )
          );
        }
      } else if (f.path === c.xmlPath) {
        // Only the component's metadata XML is read as XML; content files (Visualforce, email templates,
        // static resources, DataWeave scripts…) are stored as they are.
        try {
          const doc = parseXml(f.data);
          const rootName = Object.keys(doc).find((k) => k !== '?xml');
          const root = (doc[rootName ?? ''] as Record<string, unknown>) ?? {};
          if (c.files.length > 1) parsed.set(c, { ...(parsed.get(c) ?? {}), __meta: root });
          else parsed.set(c, { ...(parsed.get(c) ?? {}), ...(typeof root === 'object' ? root : {}) });
        } catch (e) {
          if (!(e instanceof XmlSyntaxError)) throw e;
          ok = false;
          failures.push(
            msg(
              { componentType: c.type, fullName: c.fullName, fileName: f.path },
              {
                problem: `Error parsing file: ${e.message}`,
                problemType: 'Error',
                lineNumber: e.line,
                columnNumber: e.column
              }
            )
          );
        }
      }
    }
    if (ok && !parsed.has(c)) parsed.set(c, {});
  }
  const total = components.size + 1;
  const production = options.production ?? false;
  const hasApex = [...components.values()].some((c) => c.type === 'ApexClass' || c.type === 'ApexTrigger');
  const testLevel = effectiveTestLevel(options.testLevel, production, hasApex);
  const testsWanted = TEST_LEVELS_WITH_TESTS.has(testLevel);
  const triggerProblem = production && testsWanted ? unmeasuredTriggers(store, components) : undefined;
  if (triggerProblem) failures.push(triggerProblem);
  const deployedClasses = [...components.values()].filter((c) => c.type === 'ApexClass');
  for (const conflict of activeJobConflicts(
    store,
    deployedClasses.map((c) => c.fullName),
    options.scheduledClasses?.() ?? []
  )) {
    const c = components.get(`ApexClass:${conflict.className}`)!;
    failures.push(
      msg(
        { componentType: 'ApexClass', fullName: c.fullName, fileName: c.files[0].path },
        { problem: conflict.problem, problemType: 'Error' }
      )
    );
  }
  if (testsWanted && !options.testRunner) {
    const message = `not supported by the local runtime: running Apex tests (testLevel ${testLevel}) at deploy`;
    return result('Failed', total, 0, {
      errorMessage: message,
      errorStatusCode: 'UNKNOWN_EXCEPTION',
      runTestsEnabled: true,
      numberTestErrors: 1,
      details: {
        componentSuccesses: [],
        componentFailures: failures,
        runTestResult: {
          numFailures: 1,
          numTestsRun: 0,
          totalTime: 0,
          failures: [{ message, name: 'local-org', methodName: '', problemType: 'Error' }],
          successes: []
        }
      }
    });
  }
  if (failures.length > 0)
    return result('Failed', total, 0, {
      details: {
        componentSuccesses: [],
        componentFailures: failures,
        runTestResult: { numFailures: 0, numTestsRun: 0, totalTime: 0 }
      }
    });
  // Register, all or nothing (also for checkOnly: validate the registration, then roll it back).
  const ordered = [...components.values()].sort((a, b) => rank(a.type) - rank(b.type));
  const schemaBefore = store.schema.snapshot();
  let testResult: ApexTestRunResult | undefined;
  let coverage: CodeCoverageWarning[] = [];
  const testFields = (): Partial<DeployResultBody> =>
    testResult
      ? {
          runTestsEnabled: true,
          numberTestsTotal: testResult.numTestsRun,
          numberTestsCompleted: testResult.numTestsRun - testResult.numFailures,
          numberTestErrors: testResult.numFailures
        }
      : {};
  try {
    store.transaction(() => {
      for (const c of ordered) {
        const content = parsed.get(c) ?? {};
        try {
          const { id: recordId, created, fields } = register(store, c, content);
          putMetadataFiles(store, c.type, c.fullName, recordId, c.files);
          successes.push(
            msg(
              { componentType: c.type, fullName: c.fullName, fileName: c.files[0].path },
              { success: true, changed: true, created, ...(recordId ? { id: recordId } : {}) }
            )
          );
          for (const f of fields ?? [])
            successes.push(
              msg(
                { componentType: 'CustomField', fullName: `${c.fullName}.${f}`, fileName: c.files[0].path },
                { success: true, changed: true, created }
              )
            );
        } catch (e) {
          failures.push(
            msg(
              { componentType: c.type, fullName: c.fullName, fileName: c.files[0].path },
              { problem: e instanceof Error ? e.message : String(e), problemType: 'Error' }
            )
          );
        }
      }
      if (failures.length === 0 && options.apexCompiler) {
        for (const p of options.apexCompiler()) {
          const trigger = !components.has(`ApexClass:${p.file}`) && components.get(`ApexTrigger:${p.file}`);
          const c = trigger || components.get(`ApexClass:${p.file}`);
          const fallback = trigger ? `triggers/${p.file}.trigger` : `classes/${p.file}.cls`;
          failures.push(
            msg(
              {
                componentType: trigger ? 'ApexTrigger' : 'ApexClass',
                fullName: p.file,
                fileName: c?.files[0]?.path ?? fallback
              },
              { problem: p.message, problemType: 'Error', lineNumber: p.line, columnNumber: p.column }
            )
          );
        }
      }
      if (failures.length === 0 && testsWanted && options.testRunner) {
        testResult = options.testRunner({
          testLevel,
          classNames: testLevel === 'RunSpecifiedTests' ? (options.runTests ?? []) : []
        });
        if (testResult.numFailures > 0) throw new DeployAbort();
        coverage = coverageWarnings({
          production,
          testLevel,
          result: testResult,
          deployedClasses: deployedClasses.map((c) => c.fullName)
        });
        if (coverage.length > 0) throw new DeployAbort();
      }
      if (failures.length > 0 || options.checkOnly) throw new DeployAbort();
    });
  } catch (e) {
    store.schema.restore(schemaBefore);
    if (!(e instanceof DeployAbort)) throw e;
    if (failures.length > 0 || (testResult && testResult.numFailures > 0) || coverage.length > 0)
      return result('Failed', total, 0, {
        ...testFields(),
        details: {
          componentSuccesses: [],
          componentFailures: failures,
          runTestResult: testResult
            ? { ...(testResult as unknown as Record<string, unknown>), codeCoverageWarnings: coverage }
            : { numFailures: 0, numTestsRun: 0, totalTime: 0 }
        }
      });
  }
  const done = result('Succeeded', total, total, testFields());
  if (testResult) done.details.runTestResult = testResult as unknown as Record<string, unknown>;
  return done;
}

/**
 * Production deploys that run tests need every trigger covered; the local runtime never fires triggers,
 * so it cannot measure that and says so instead of passing the deploy.
 */
function unmeasuredTriggers(store: Store, components: Map<string, Component>): ComponentMessage | undefined {
  const inOrg = (
    store.sql(`SELECT Name FROM ${tableName('ApexTrigger')} WHERE IsDeleted = 0 AND Status = 'Active'`).all() as {
      Name: string;
    }[]
  ).map((r) => r.Name);
  const deployed = [...components.values()].filter((c) => c.type === 'ApexTrigger').map((c) => c.fullName);
  const name = [...deployed, ...inOrg][0];
  if (!name) return undefined;
  return {
    changed: false,
    created: false,
    createdDate: store.clock.now().toISOString(),
    deleted: false,
    success: false,
    componentType: 'ApexTrigger',
    fullName: name,
    fileName: `triggers/${name}.trigger`,
    problem: `not supported by the local runtime: measuring Apex trigger coverage (a production deploy that runs tests needs every trigger covered) at triggers/${name}.trigger:1`,
    problemType: 'Error',
    lineNumber: 1,
    columnNumber: 1
  };
}

function rank(type: string): number {
  const i = ORDER.indexOf(type);
  if (i >= 0) return i;
  return LAST.includes(type) ? 100 : 50;
}
