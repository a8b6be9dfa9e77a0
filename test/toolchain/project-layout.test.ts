import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { ORG_SETTINGS_DIR } from '../../src/toolchain/phases.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('project layout: irreversible org settings stay out of the default deploy', () => {
  it('force-app (what `sf project deploy start` deploys) holds no Settings component', () => {
    const project = JSON.parse(readFileSync(join(ROOT, 'sfdx-project.json'), 'utf8')) as {
      packageDirectories: Array<{ path: string }>;
    };
    for (const dir of project.packageDirectories) {
      const types = new Set(
        ComponentSet.fromSource(join(ROOT, dir.path))
          .toArray()
          .map((c) => c.type.name)
      );
      expect(types.has('Settings'), `${dir.path} must not carry Settings`).to.equal(false);
      expect(dir.path.startsWith(ORG_SETTINGS_DIR)).to.equal(false);
    }
  });

  it('org-settings/ holds Currency.settings for the confirmed setup step', () => {
    const set = ComponentSet.fromSource(join(ROOT, ORG_SETTINGS_DIR));
    expect(set.toArray().map((c) => `${c.type.name}:${c.fullName}`)).to.deep.equal(['Settings:Currency']);
    const xml = readFileSync(join(ROOT, ORG_SETTINGS_DIR, 'main/default/settings/Currency.settings-meta.xml'), 'utf8');
    expect(xml).to.include('<enableMultiCurrency>true</enableMultiCurrency>');
    expect(xml).to.include('<enableCurrencyEffectiveDates>true</enableCurrencyEffectiveDates>');
  });
});

describe('project layout: the Apex test support lives in force-app/tests (as apex-recipes keeps its shared test code)', () => {
  const SHARED = join(ROOT, 'force-app', 'tests', 'shared');
  const CLASSES = join(ROOT, 'force-app', 'main', 'default', 'classes');

  it('keeps the shared fakes and mocks in force-app/tests/shared, and no other @IsTest helper among the classes', () => {
    expect(readdirSync(SHARED).filter((f) => f.endsWith('.cls'))).to.deep.equal([
      'DatedRateSourceTestSupport.cls',
      'DatedRateTestSupport.cls'
    ]);
    for (const f of readdirSync(SHARED).filter((n) => n.endsWith('.cls')))
      expect(readFileSync(join(SHARED, f), 'utf8'), f).to.match(/^@IsTest$/m);
    const helpers = readdirSync(CLASSES).filter(
      (f) =>
        f.endsWith('.cls') && !f.endsWith('_Tests.cls') && /^@IsTest\b/m.test(readFileSync(join(CLASSES, f), 'utf8'))
    );
    expect(helpers, 'test-only classes belong in force-app/tests/shared').to.deep.equal([]);
  });

  it('deploys them: the package directory covers force-app/tests (deploys, the Code Analyzer gate and test:apex see them)', () => {
    const project = JSON.parse(readFileSync(join(ROOT, 'sfdx-project.json'), 'utf8')) as {
      packageDirectories: Array<{ path: string }>;
    };
    const names = project.packageDirectories.flatMap((dir) =>
      ComponentSet.fromSource(join(ROOT, dir.path))
        .toArray()
        .filter((c) => c.type.name === 'ApexClass')
        .map((c) => c.fullName)
    );
    expect(names).to.include.members([
      'DatedRateTestSupport',
      'DatedRateSourceTestSupport',
      'CreateDatedConversionRate'
    ]);
  });
});
