/** docs/capabilities.md is generated from the local org's registries and must be current (issue 15, point 9). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { capabilitiesMarkdown } from '../../src/local-org/index.js';

describe('docs/capabilities.md (generated from the runtime registries)', function () {
  this.timeout(180_000);
  let fresh: string;
  before(async () => {
    fresh = await capabilitiesMarkdown();
  });

  it('is current: npm run capabilities regenerates it', () => {
    const file = readFileSync(resolve(import.meta.dirname, '../../docs/capabilities.md'), 'utf8');
    expect(file === fresh, 'docs/capabilities.md is stale: run npm run capabilities and commit it').to.equal(true);
  });

  /** A table row whose cells start with the given texts (prettier pads cells with spaces). */
  const row = (...cells: string[]) =>
    new RegExp(`^\\|\\s*${cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^|]*\\|\\s*')}`, 'm');

  it('lists registry contents: objects, library members with placeholders marked, probed SOQL, metadata types', () => {
    expect(fresh).to.match(row('DatedConversionRate', '`04w`'));
    expect(fresh).to.match(row('Assert', '`areEqual`'));
    expect(fresh).to.match(row('Messaging', '', '`reserveSingleEmailCapacity`, `sendEmail`'));
    expect(fresh).to.match(row('HAVING', 'supported'));
    expect(fresh).to.match(row('TYPEOF', 'supported'));
    expect(fresh).to.match(
      row('FORMAT()', '**not supported**', 'MALFORMED_QUERY: function FORMAT() is not supported by the local org')
    );
    expect(fresh).to.match(row('COUNT()', 'supported'));
    expect(fresh).to.match(row('GROUP BY ROLLUP / CUBE', '**not supported**', 'MALFORMED_QUERY: GROUP BY functions'));
    expect(fresh).to.match(row('CustomLabels', '`System.Label.<name>` in Apex'));
    expect(fresh).to.contain('`DataWeaveResource`');
  });
});
