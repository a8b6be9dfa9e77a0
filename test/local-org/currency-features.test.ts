/**
 * Currency features: an org without advanced currency management has no DatedConversionRate (and a
 * single-currency org no CurrencyType): SOQL, REST describe and the Apex compiler reject them; a
 * CurrencySettings deploy turns them on and can never turn multiple currencies off.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type CurrencyMode, type LocalOrg } from '../../src/local-org/index.js';
import { call, connectTo, errorCode } from './helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const classMeta = `<?xml version="1.0" encoding="UTF-8"?><ApexClass ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexClass>`;
const RATES = `public with sharing class Rates {
  public static Integer count() {
    List<DatedConversionRate> rates = [SELECT Id FROM DatedConversionRate];
    return rates.size();
  }
}
`;

async function zip(opts: { classes?: Record<string, string>; currency?: Record<string, boolean> }): Promise<Buffer> {
  const z = new JSZip();
  const names = Object.keys(opts.classes ?? {});
  z.file(
    'package.xml',
    `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${
      names.length ? `<types>${names.map((c) => `<members>${c}</members>`).join('')}<name>ApexClass</name></types>` : ''
    }${opts.currency ? '<types><members>Currency</members><name>Settings</name></types>' : ''}<version>65.0</version></Package>`
  );
  for (const [name, body] of Object.entries(opts.classes ?? {})) {
    z.file(`classes/${name}.cls`, body);
    z.file(`classes/${name}.cls-meta.xml`, classMeta);
  }
  if (opts.currency)
    z.file(
      'settings/Currency.settings',
      `<?xml version="1.0" encoding="UTF-8"?><CurrencySettings ${NS}>${Object.entries(opts.currency)
        .map(([k, v]) => `<${k}>${v}</${k}>`)
        .join('')}</CurrencySettings>`
    );
  return z.generateAsync({ type: 'nodebuffer' });
}

async function deploy(conn: Connection, data: Buffer): Promise<{ status: string; problems: string[] }> {
  const started = await conn.metadata.deploy(data, { rollbackOnError: true, singlePackage: true });
  const r = await conn.metadata.checkDeployStatus(started.id, true);
  const failures = [r.details?.componentFailures ?? []].flat() as {
    fullName: string;
    problem: string;
    lineNumber?: string;
  }[];
  return {
    status: r.status,
    problems: failures.map((f) => `${f.fullName}${f.lineNumber ? `:${f.lineNumber}` : ''}: ${f.problem}`)
  };
}

const NOT_SUPPORTED = (type: string) =>
  `sObject type '${type}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`;

describe('local org currency features (multi-currency, advanced currency management)', () => {
  const orgs: LocalOrg[] = [];
  const open = async (currency?: CurrencyMode): Promise<{ org: LocalOrg; conn: Connection }> => {
    const org = await startLocalOrg({ currency });
    orgs.push(org);
    return { org, conn: await connectTo(org) };
  };
  after(() => Promise.all(orgs.map((o) => o.stop())));

  it('has DatedConversionRate by default (acm), as before', async () => {
    const { conn } = await open();
    expect((await conn.query('SELECT COUNT() FROM DatedConversionRate')).totalSize).to.be.greaterThan(0);
    expect((await deploy(conn, await zip({ classes: { Rates: RATES } }))).status).to.equal('Succeeded');
  });

  it('without effective dates: no DatedConversionRate in SOQL, describe or Apex; CurrencyType stays', async () => {
    const { org, conn } = await open('multi');
    const q = await call(org, 'GET', '/services/data/v65.0/query?q=SELECT+Id+FROM+DatedConversionRate');
    expect([q.status, errorCode(q), (q.json as { message: string }[])[0].message]).to.deep.equal([
      400,
      'INVALID_TYPE',
      `SELECT Id FROM DatedConversionRate\n               ^\nERROR at Row:1:Column:16\n${NOT_SUPPORTED('DatedConversionRate')}`
    ]);
    const d = await call(org, 'GET', '/services/data/v65.0/sobjects/DatedConversionRate/describe');
    expect([d.status, errorCode(d)]).to.deep.equal([404, 'NOT_FOUND']);
    expect((await conn.query('SELECT IsoCode FROM CurrencyType')).totalSize).to.be.greaterThan(0);
    const r = await deploy(conn, await zip({ classes: { Rates: RATES } }));
    expect(r.status).to.equal('Failed');
    expect(r.problems).to.have.length(1);
    expect(r.problems[0]).to.match(/^Rates:3: Invalid type: DatedConversionRate$/);
  });

  it('turns ACM on with a CurrencySettings deploy, in the same deploy as the Apex that needs it', async () => {
    const { conn } = await open('multi');
    const r = await deploy(
      conn,
      await zip({
        classes: { Rates: RATES },
        currency: { enableMultiCurrency: true, enableCurrencyEffectiveDates: true }
      })
    );
    expect(r).to.deep.equal({ status: 'Succeeded', problems: [] });
    expect((await conn.query('SELECT COUNT() FROM DatedConversionRate')).totalSize).to.be.greaterThan(0);
  });

  it('single currency: no CurrencyType either; multiple currencies can be enabled but never disabled', async () => {
    const { org, conn } = await open('single');
    const q = await call(org, 'GET', '/services/data/v65.0/query?q=SELECT+Id+FROM+CurrencyType');
    expect([q.status, errorCode(q)]).to.deep.equal([400, 'INVALID_TYPE']);
    const multi = await conn.query<{ IsMultiCurrencyEnabled: boolean }>(
      'SELECT IsMultiCurrencyEnabled FROM Organization'
    );
    expect(multi.records[0].IsMultiCurrencyEnabled).to.equal(false);
    expect(await deploy(conn, await zip({ currency: { enableCurrencyEffectiveDates: true } }))).to.deep.equal({
      status: 'Failed',
      problems: ['Currency: enableCurrencyEffectiveDates needs enableMultiCurrency set to true']
    });
    expect((await deploy(conn, await zip({ currency: { enableMultiCurrency: true } }))).status).to.equal('Succeeded');
    expect((await conn.query('SELECT COUNT() FROM CurrencyType')).totalSize).to.be.greaterThan(0);
    expect(await deploy(conn, await zip({ currency: { enableMultiCurrency: false } }))).to.deep.equal({
      status: 'Failed',
      problems: [
        'Currency: enableMultiCurrency cannot be set to false: multiple currencies cannot be disabled once enabled'
      ]
    });
  });
});
