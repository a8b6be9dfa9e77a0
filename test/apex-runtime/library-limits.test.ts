/** Limits: metered counters, honest zeros, and the counters the runtime does not meter failing loudly. */
import { expect } from 'chai';
import { debugOf, failureOf } from './helpers.js';

describe('Limits', () => {
  it('answers the metered counters and their limits', () => {
    const out = debugOf(`
      Integer q0 = Limits.getQueries();
      List<Account> rows = [SELECT Id FROM Account];
      System.debug((Limits.getQueries() - q0) + ' ' + Limits.getLimitQueries() + ' ' + Limits.getLimitQueryRows());
      System.debug(Limits.getDmlStatements() + ' ' + Limits.getLimitDmlStatements() + ' ' + Limits.getLimitDmlRows());
      System.debug(Limits.getQueueableJobs() + ' ' + Limits.getLimitQueueableJobs());
      System.debug(Limits.getSoslQueries() + ' ' + Limits.getLimitSoslQueries() + ' ' + Limits.getLimitCallouts() + ' ' + Limits.getLimitFutureCalls());
      System.debug(Limits.getLimitCpuTime() + ' ' + Limits.getLimitHeapSize());`);
    expect(out).to.deep.equal(['1 100 50000', '0 150 10000', '0 50', '0 20 100 50', '10000 6000000']);
  });

  it('answers 0 where nothing can be used locally (email, push) and documented limits', () => {
    const out = debugOf(`
      System.debug(Limits.getEmailInvocations() + ' ' + Limits.getLimitEmailInvocations());
      System.debug(Limits.getMobilePushApexCalls() + ' ' + Limits.getLimitMobilePushApexCalls());
      System.debug(Limits.getLimitAggregateQueries() + ' ' + Limits.getLimitQueryLocatorRows() + ' ' + Limits.getLimitPublishImmediateDML());`);
    expect(out).to.deep.equal(['0 10', '0 10', '300 10000000 150']);
  });

  for (const m of ['getHeapSize', 'getAggregateQueries', 'getQueryLocatorRows', 'getDatabaseTime', 'getSavepoints']) {
    it(`Limits.${m}() fails loudly: the runtime does not meter it`, () => {
      const r = failureOf(`Integer n = Limits.${m}();`);
      expect(r.exceptionMessage).to.match(
        new RegExp(`^not supported by the local runtime: Limits\\.${m} at AnonymousBlock:1$`)
      );
    });
  }
});
