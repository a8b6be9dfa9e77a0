import { expect } from 'chai';
import { readMarker } from '../../src/toolchain/apex.js';

/** A debug log as an org returns it for anonymous Apex: the source is echoed before it runs. */
const LOG = [
  '65.0 APEX_CODE,DEBUG;APEX_PROFILING,INFO',
  "Execute Anonymous: System.debug('DATED_RATES_JOB_ID=' + CreateDatedConversionRate.run(null, null));",
  '12:00:00.0 (1000)|USER_INFO|[EXTERNAL]|005000000000001|admin@example.com|(GMT-08:00) Pacific Standard Time|GMT-08:00',
  '12:00:00.0 (2000)|EXECUTION_STARTED',
  '12:00:00.0 (3000)|USER_DEBUG|[1]|DEBUG|DATED_RATES_JOB_ID=707000000000001AAA',
  '12:00:00.0 (4000)|USER_DEBUG|[2]|DEBUG|DATED_RATES_CHECK={"ok":true,',
  '"statusCode":200}',
  '12:00:00.0 (5000)|EXECUTION_FINISHED'
].join('\n');

describe('toolchain: reading a marker from an anonymous Apex debug log', () => {
  it('takes the value from the USER_DEBUG line, not from the echoed source', () => {
    expect(readMarker(LOG, 'DATED_RATES_JOB_ID')).to.equal('707000000000001AAA');
  });

  it('joins a value that spans several lines until the next timestamped line', () => {
    expect(readMarker(LOG, 'DATED_RATES_CHECK')).to.equal('{"ok":true,\n"statusCode":200}');
  });

  it('answers undefined when only the echoed source mentions the marker', () => {
    expect(readMarker(LOG.split('\n').slice(0, 4).join('\n'), 'DATED_RATES_JOB_ID')).to.equal(undefined);
  });
});
