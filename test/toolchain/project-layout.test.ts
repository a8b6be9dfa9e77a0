import { readFileSync } from 'node:fs';
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
