import { expect } from 'chai';
import { classify, mapLimit, sameRate } from '../../src/toolchain/verify.js';
import { FakeOrg, TestContext, apiError, fakeClock, run, type Records } from './fakeOrg.js';

type Rate = { IsoCode: string; ConversionRate: number; StartDate: string };

describe('toolchain verify', () => {
  describe('rules', () => {
    const prev: Rate = { IsoCode: 'EUR', ConversionRate: 0.91, StartDate: '2026-11-27' };
    it('ok when the new rate equals the previous one', () => {
      expect(classify('EUR', prev, { ...prev, StartDate: '2026-11-28' }, false).status).to.equal('ok');
    });
    it('mismatch when it differs', () => {
      expect(classify('EUR', prev, { ...prev, ConversionRate: 0.92, StartDate: '2026-11-28' }, false).status).to.equal(
        'mismatch'
      );
    });
    it('missing when there is no new rate', () => {
      expect(classify('EUR', prev, undefined, false)).to.deep.equal({
        isoCode: 'EUR',
        previousDate: '2026-11-27',
        previousRate: 0.91,
        newRate: null,
        status: 'missing'
      });
    });
    it('no-previous when there was never a rate, excluded wins over everything', () => {
      expect(classify('GBP', undefined, undefined, false).status).to.equal('no-previous');
      expect(classify('EUR', prev, undefined, true).status).to.equal('excluded');
    });
    it('compares rates up to floating-point noise only', () => {
      expect(sameRate(0.1 + 0.2, 0.3)).to.equal(true);
      expect(sameRate(1.234567891, 1.234567892)).to.equal(false);
    });
    it('mapLimit keeps order and bounds concurrency', async () => {
      let active = 0;
      let peak = 0;
      const out = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        return n * 10;
      });
      expect(out).to.deep.equal([10, 20, 30, 40, 50, 60, 70]);
      expect(peak).to.equal(3);
    });
  });

  describe('command', () => {
    const $$ = new TestContext();
    let fake: FakeOrg;
    let current: Rate[];
    let history: Rate[];
    let excluded: string | null;
    let lastRun: Record<string, unknown> | null;

    beforeEach(async () => {
      fake = new FakeOrg($$);
      await fake.init();
      current = [
        { IsoCode: 'EUR', ConversionRate: 0.91, StartDate: '2026-11-28' },
        { IsoCode: 'JPY', ConversionRate: 151.2, StartDate: '2026-11-28' }
      ];
      history = [
        { IsoCode: 'EUR', ConversionRate: 0.9, StartDate: '2026-01-01' },
        { IsoCode: 'EUR', ConversionRate: 0.91, StartDate: '2026-11-27' },
        { IsoCode: 'JPY', ConversionRate: 151.2, StartDate: '2026-11-20' }
      ];
      excluded = null;
      lastRun = null;
      fake.handlers.query = (soql): Records => {
        if (soql.includes('FROM DatedRateRun__c')) return lastRun ? [lastRun] : [];
        if (soql.includes('FROM Organization')) return [{ TimeZoneSidKey: 'Pacific/Auckland' }];
        if (soql.includes('FROM CurrencyType')) {
          return [
            { IsoCode: 'EUR', IsCorporate: false },
            { IsoCode: 'GBP', IsCorporate: false },
            { IsoCode: 'JPY', IsCorporate: false },
            { IsoCode: 'USD', IsCorporate: true }
          ];
        }
        if (soql.includes('FROM DatedRateSetting__mdt')) return [{ ExcludedCurrencies__c: excluded }];
        const target = /StartDate = (\d{4}-\d{2}-\d{2})/.exec(soql);
        if (target) return current.filter((r) => r.StartDate === target[1]);
        expect(soql).not.to.match(/ORDER BY|GROUP BY/);
        const prev =
          /IsoCode IN \(([^)]*)\) AND StartDate < (\d{4}-\d{2}-\d{2}) AND \(NextStartDate = NULL OR NextStartDate >= \2\)$/.exec(
            soql
          );
        if (prev) {
          const codes = prev[1].split(', ').map((c) => c.replace(/'/g, ''));
          const all = [...history, ...current];
          const next = (r: Rate): string | undefined =>
            all
              .filter((o) => o.IsoCode === r.IsoCode && o.StartDate > r.StartDate)
              .map((o) => o.StartDate)
              .sort()[0];
          return all.filter((r) => {
            const n = next(r);
            return codes.includes(r.IsoCode) && r.StartDate < prev[2] && (n === undefined || n >= prev[2]);
          });
        }
        throw new Error(`unexpected ${soql}`);
      };
    });

    it('prints the table and exits 0 when every currency was rolled forward', async () => {
      const ran = await run('verify', ['--date', '2026-11-28']);
      expect(ran.exitCode, ran.stderr).to.equal(0);
      expect(ran.stdout).to.match(/Currency\s+Previous date\s+Previous rate\s+New rate\s+Status/);
      expect(ran.stdout).to.match(/EUR\s+2026-11-27\s+0\.91\s+0\.91\s+OK/);
      expect(ran.stdout).to.match(/GBP\s+-\s+-\s+-\s+no previous rate/);
      expect(ran.stdout).to.match(/JPY\s+2026-11-20\s+151\.2\s+151\.2\s+OK/);
      expect(ran.stdout).not.to.match(/^USD/m);
      expect(ran.stdout).to.include('All 3 currencies checked: no problems.');
    });

    it('reads two rate queries (target date, period in force the day before), whatever the history size', async () => {
      for (let i = 0; i < 5000; i++) history.push({ IsoCode: 'EUR', ConversionRate: 1, StartDate: '2020-01-01' });
      const ran = await run('verify', ['--date', '2026-11-28']);
      expect(ran.exitCode, ran.stderr).to.equal(0);
      const rateQueries = fake.soql.filter((q) => q.includes('FROM DatedConversionRate'));
      expect(rateQueries).to.have.length(2);
      expect(rateQueries[1]).to.include('(NextStartDate = NULL OR NextStartDate >= 2026-11-28)');
    });

    it('exits 1 with VerificationError on a mismatch and on a missing rate', async () => {
      current = [{ IsoCode: 'EUR', ConversionRate: 0.95, StartDate: '2026-11-28' }];
      const ran = await run('verify', ['--date', '2026-11-28', '--json']);
      expect(ran.exitCode).to.equal(1);
      const json = ran.json() as {
        name: string;
        message: string;
        data: { rows: Array<{ isoCode: string; status: string }> };
      };
      expect(json.name).to.equal('VerificationError');
      expect(json.message).to.equal('2 currencies are not rolled forward correctly for 2026-11-28.');
      expect(json.data.rows.map((r) => `${r.isoCode}:${r.status}`)).to.deep.equal([
        'EUR:mismatch',
        'GBP:no-previous',
        'JPY:missing'
      ]);
    });

    it('does not fail on excluded currencies', async () => {
      current = [{ IsoCode: 'EUR', ConversionRate: 0.91, StartDate: '2026-11-28' }];
      excluded = 'jpy, CHF';
      const ran = await run('verify', ['--date', '2026-11-28']);
      expect(ran.exitCode).to.equal(0);
      expect(ran.stdout).to.match(/JPY\s+2026-11-20\s+151\.2\s+-\s+excluded/);
    });

    it("defaults to the last run's target date: the org decided it, the host clock plays no part", async () => {
      // GIVEN the last run recorded in the org targeted 2026-11-28 and the host clock says another day
      lastRun = { Name: 'RUN-000007', TargetDate__c: '2026-11-28', Status__c: 'Succeeded' };
      // WHEN verify runs without --date
      const ran = await run('verify', ['--json'], { clock: fakeClock(Date.UTC(2031, 0, 15, 12, 0, 0)) });
      // THEN it checks the run's date
      expect(ran.exitCode, ran.stderr).to.equal(0);
      expect((ran.json() as { result: { targetDate: string } }).result.targetDate).to.equal('2026-11-28');
      expect(fake.soql.some((q) => q.includes('StartDate = 2026-11-28'))).to.equal(true);
    });

    it('asks for a run or --date when no run is recorded yet', async () => {
      lastRun = null;
      const ran = await run('verify', ['--json']);
      expect(ran.exitCode).to.equal(1);
      const json = ran.json() as { name: string; message: string; actions: string[] };
      expect(json.name).to.equal('NoRunYetError');
      expect(json.message).to.equal(
        'No run of the batch is recorded in this org yet, so there is no target date to verify.'
      );
      expect(json.actions.join(' ')).to.include('--date YYYY-MM-DD');
    });

    it('rejects a bad --date with exit 2', async () => {
      const ran = await run('verify', ['--date', '2026-11-31']);
      expect(ran.exitCode).to.equal(2);
      expect(ran.stderr).to.include('--date "2026-11-31" is not a real calendar date.');
    });

    it('explains a multi-currency-less org', async () => {
      fake.handlers.query = () => {
        throw apiError('INVALID_TYPE', "sObject type 'CurrencyType' is not supported.");
      };
      const ran = await run('verify', ['--date', '2026-11-28', '--json']);
      expect(ran.exitCode).to.equal(1);
      expect(ran.json().message).to.equal('Multi-currency is not enabled in this org: CurrencyType is not available.');
    });
  });
});
