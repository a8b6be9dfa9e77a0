/**
 * The deploy's phases, each on its own (issue 12 point 6: deployZip split into unzip/validate,
 * parse/plan, org rules, apply with the compile check, result), and deploy.ts kept to the sequence.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import JSZip from 'jszip';
import { openOrgStore, runSoql } from '../../src/local-org/store/index.js';
import { applyPlan } from '../../src/local-org/metadata/deploy-apply.js';
import { checkOrgRules } from '../../src/local-org/metadata/deploy-checks.js';
import { DeployMessages } from '../../src/local-org/metadata/deploy-messages.js';
import { planDeploy, registrationOrder } from '../../src/local-org/metadata/deploy-plan.js';
import { readDeployZip, validatePackageXml } from '../../src/local-org/metadata/deploy-unzip.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const META = `<?xml version="1.0" encoding="UTF-8"?><ApexClass ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexClass>`;

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const z = new JSZip();
  for (const [path, text] of Object.entries(files)) z.file(path, text);
  return z.generateAsync({ type: 'nodebuffer' });
}

const pkg = (types: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${types}<version>65.0</version></Package>`;

describe('local org deploy phases', () => {
  it('unzip/validate: files under the package.xml folder; an unknown package.xml type is a failure', async () => {
    const zip = await readDeployZip(
      await zipOf({
        'src/package.xml': pkg('<types><members>X</members><name>NoSuchType</name></types>'),
        'src/classes/A.cls': 'x'
      })
    );
    expect([zip.root, [...zip.files.keys()].sort()]).to.deep.equal(['src/', ['classes/A.cls', 'package.xml']]);
    const messages = new DeployMessages('2026-01-01T00:00:00.000Z');
    validatePackageXml(zip.files.get('package.xml')!, messages);
    expect(messages.failures.map((f) => f.problem)).to.deep.equal([
      "Unknown type name 'NoSuchType' specified in package.xml"
    ]);
    expect(messages.successes.map((s) => s.fullName)).to.deep.equal(['package.xml']);
  });

  it('parse/plan: groups a class with its meta file, reports an Apex syntax error with its position and destructive changes', async () => {
    const zip = await readDeployZip(
      await zipOf({
        'package.xml': pkg(''),
        'classes/Good.cls': 'public with sharing class Good {}',
        'classes/Good.cls-meta.xml': META,
        'classes/Bad.cls': 'public class Bad {',
        'classes/Bad.cls-meta.xml': META,
        'destructiveChanges.xml': pkg('')
      })
    );
    const messages = new DeployMessages('t');
    const plan = planDeploy(zip.files, zip.raw, messages);
    expect([...plan.components.keys()].sort()).to.deep.equal(['ApexClass:Bad', 'ApexClass:Good']);
    expect(plan.components.get('ApexClass:Good')!.files.map((f) => f.path)).to.deep.equal([
      'classes/Good.cls',
      'classes/Good.cls-meta.xml'
    ]);
    expect([...plan.parsed.keys()].map((c) => c.fullName)).to.deep.equal(['Good']);
    const bad = messages.failures.find((f) => f.fullName === 'Bad')!;
    expect([bad.fileName, bad.lineNumber, typeof bad.columnNumber]).to.deep.equal(['classes/Bad.cls', 1, 'number']);
    expect(messages.failures.map((f) => f.problem)).to.include(
      'destructive changes are not supported by the local org'
    );
    expect(
      registrationOrder([{ type: 'CustomMetadata' }, { type: 'ApexClass' }, { type: 'CustomObject' }] as never).map(
        (c) => (c as { type: string }).type
      )
    ).to.deep.equal(['CustomObject', 'ApexClass', 'CustomMetadata']);
  });

  it('org rules then apply: the test level follows the org type; checkOnly applies nothing, a real apply registers', async () => {
    const store = openOrgStore();
    const zip = await readDeployZip(
      await zipOf({
        'package.xml': pkg(''),
        'classes/Good.cls': 'public with sharing class Good {}',
        'classes/Good.cls-meta.xml': META
      })
    );
    const messages = new DeployMessages('t');
    const plan = planDeploy(zip.files, zip.raw, messages);
    const production = checkOrgRules(store, plan, { production: true }, messages);
    expect([production.testLevel, production.testsWanted, production.deployedClasses]).to.deep.equal([
      'RunLocalTests',
      true,
      ['Good']
    ]);
    const tests = checkOrgRules(store, plan, {}, messages);
    expect(tests.testsWanted).to.equal(false);
    const names = () => runSoql(store, "SELECT Name FROM ApexClass WHERE Name = 'Good'").records.length;
    expect(applyPlan(store, plan, tests, { checkOnly: true }, messages).applied).to.equal(false);
    expect(names()).to.equal(0);
    const compileFailure = new DeployMessages('t');
    const refused = applyPlan(
      store,
      plan,
      tests,
      { apexCompiler: () => [{ file: 'Good', line: 1, column: 8, message: 'Variable does not exist: x' }] },
      compileFailure
    );
    expect([refused.applied, names(), compileFailure.failures[0]?.problem]).to.deep.equal([
      false,
      0,
      'Variable does not exist: x'
    ]);
    expect(applyPlan(store, plan, tests, {}, new DeployMessages('t')).applied).to.equal(true);
    expect(names()).to.equal(1);
  });

  it('deploy.ts only sequences the phases', () => {
    const source = readFileSync(
      join(import.meta.dirname, '..', '..', 'src', 'local-org', 'metadata', 'deploy.ts'),
      'utf8'
    );
    for (const phase of ['deploy-unzip', 'deploy-plan', 'deploy-checks', 'deploy-apply', 'deploy-messages'])
      expect(source).to.include(`from './${phase}.js'`);
    expect(source.split('\n').length).to.be.lessThan(130);
    expect(source).not.to.match(/store\.transaction|parseApex|resolveComponents/);
  });
});
