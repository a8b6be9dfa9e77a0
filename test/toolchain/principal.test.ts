import { expect } from 'chai';
import { calloutCheckApex } from '../../src/toolchain/principal.js';

describe('toolchain principal probe', () => {
  it('probes the versioned REST root, which needs a session, never the unauthenticated versions list', () => {
    const apex = calloutCheckApex('65.0');
    expect(apex).to.include("req.setEndpoint('callout:DatedRatesOrgApi/services/data/v65.0');");
    expect(apex).not.to.match(/services\/data'\)/);
  });

  it('refuses a malformed API version instead of building a bad endpoint', () => {
    expect(() => calloutCheckApex('v65')).to.throw('not an API version: v65');
  });
});
