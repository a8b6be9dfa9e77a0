import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ApexRuntime } from '../../src/local-org/apex/index.js';
import type { SObjectDescribe } from '../../src/local-org/apex/index.js';
import { FakeDataLayer, fakeOrg } from './fake-data-layer.js';

/** Every class of the package directory: force-app/main/default/classes and the test support in force-app/tests. */
const DIR = 'force-app';

/** sObject types the local org's store provides (standard objects), plus every custom object and custom metadata type. */
const STORE_OBJECTS =
  /^(DatedConversionRate|CurrencyType|AsyncApexJob|CronTrigger|CronJobDetail|PermissionSet|PermissionSetAssignment|Profile|Organization)$/i;

describe('apex runtime: loading the project classes', () => {
  it('compiles every class in force-app without problems', () => {
    expect(existsSync(DIR), DIR).to.equal(true);
    const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.cls'))
      .map((f) => ({ name: basename(f, '.cls'), body: readFileSync(join(DIR, f), 'utf8') }));
    expect(files.map((f) => f.name)).to.include('DatedRateTestSupport');
    const data = new FakeDataLayer();
    const known = data.describe.bind(data);
    data.describe = (name: string): SObjectDescribe | null =>
      known(name) ??
      (/__(c|mdt)$/i.test(name) || STORE_OBJECTS.test(name)
        ? {
            name,
            label: name,
            keyPrefix: 'a00',
            createable: true,
            updateable: true,
            deletable: true,
            queryable: true,
            custom: true,
            fields: []
          }
        : null);
    const result = new ApexRuntime(fakeOrg(data)).compile(files);
    expect(result.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).to.deep.equal([]);
    expect(result.success).to.equal(true);
  });
});
