/** Platform-library behaviours the project's Apex tests rely on (found by running them on the local runtime). */
import { expect } from 'chai';
import { ApexRuntime, executeAnonymous } from '../../src/local-org/apex/index.js';
import { orgCollaborators } from '../../src/local-org/org/runtime-collaborators.js';
import { Clock, openOrgStore } from '../../src/local-org/store/index.js';

function debugOf(source: string): string[] {
  const store = openOrgStore({ clock: new Clock('UTC', '2026-03-10T12:00:00Z') });
  const r = executeAnonymous(source, { runtime: new ApexRuntime(orgCollaborators(store)) });
  expect(r.success, `${r.compileProblem ?? ''} ${r.exceptionMessage ?? ''}`).to.equal(true);
  return r.debugLog
    .split('\n')
    .filter((l) => l.includes('|USER_DEBUG|'))
    .map((l) => l.split('|').slice(4).join('|'));
}

describe('Apex library behaviours used by tests', () => {
  it('List.sort orders Dates, Datetimes and Times', () => {
    expect(
      debugOf(`
        List<Date> ds = new List<Date>{ Date.newInstance(2026, 3, 6), Date.newInstance(2025, 12, 31), null };
        ds.sort();
        System.debug(ds);
        List<Time> ts = new List<Time>{ Time.newInstance(10, 0, 0, 0), Time.newInstance(9, 30, 0, 0) };
        ts.sort();
        System.debug(ts[0].hour());
        List<Datetime> dts = new List<Datetime>{ Datetime.newInstanceGmt(2026, 1, 2), Datetime.newInstanceGmt(2026, 1, 1) };
        dts.sort();
        System.debug(dts[0].dayGmt());`)
    ).to.deep.equal(['(null, 2025-12-31 00:00:00, 2026-03-06 00:00:00)', '9', '1']);
  });

  it('JSON.deserialize into an sObject types date fields by describe (indexOf finds them)', () => {
    expect(
      debugOf(`
        Date d = Date.newInstance(2026, 3, 6);
        String js = JSON.serialize(new Map<String, Object>{ 'IsoCode' => 'EUR', 'StartDate' => d });
        DatedConversionRate r = (DatedConversionRate) JSON.deserialize(js, DatedConversionRate.class);
        Object start = r.StartDate;
        System.debug(start instanceof Date);
        System.debug(new List<Date>{ d.addDays(-1), d }.indexOf(r.StartDate));
        System.debug(r.IsoCode);`)
    ).to.deep.equal(['true', '1', 'EUR']);
  });

  it('List.iterator() and Set.iterator() walk the items, then raise NoSuchElementException', () => {
    expect(
      debugOf(`
        Iterator<Integer> i = new List<Integer>{ 1, 2 }.iterator();
        while (i.hasNext()) System.debug(i.next());
        Iterable<String> src = new List<String>{ 'a' };
        Iterator<String> j = src.iterator();
        System.debug(j.next());
        System.debug(new Set<String>{ 'x' }.iterator().hasNext());
        try { j.next(); } catch (NoSuchElementException e) { System.debug(e.getMessage()); }`)
    ).to.deep.equal(['1', '2', 'a', 'true', 'Iterator has no more elements.']);
  });

  it('passes a List<SObject> to a List<SObject> parameter (overload resolution)', () => {
    expect(
      debugOf(`
        public class Job { public void execute(Database.BatchableContext c, List<SObject> scope) { System.debug(scope.size()); } }
        List<SObject> rows = [SELECT Id FROM CurrencyType LIMIT 2];
        new Job().execute(null, rows);`)
    ).to.deep.equal(['2']);
  });

  it('passes a List of an inner class created inside its outer class to a List<Outer.Inner> parameter', () => {
    expect(
      debugOf(`
        public class Client {
          public class Result { public Boolean ok = true; }
          public List<Result> send() { List<Result> out = new List<Result>(); out.add(new Result()); return out; }
        }
        public class Job {
          public void record(List<Client.Result> rs, Boolean updates) { System.debug(rs.size() + ' ' + updates); }
        }
        new Job().record(new Client().send(), false);`)
    ).to.deep.equal(['1 false']);
  });

  it('binds LIMIT and OFFSET counts in inline SOQL', () => {
    expect(
      debugOf(`
        Integer n = 2;
        System.debug([SELECT Id FROM Profile LIMIT :n].size());
        System.debug([SELECT IsoCode FROM CurrencyType LIMIT :n].size());
        System.debug([SELECT IsoCode FROM CurrencyType LIMIT :n OFFSET :n].size());`)
    ).to.deep.equal(['1', '2', '2']);
  });

  it('types AggregateResult columns by the field they aggregate (MAX of a date is a Date)', () => {
    expect(
      debugOf(`
        for (AggregateResult row : [SELECT MAX(StartDate) latest, MIN(StartDate), COUNT(Id) n
            FROM DatedConversionRate WHERE IsoCode = 'EUR']) {
          Date latest = (Date) row.get('latest');
          Date first = (Date) row.get('expr0');
          System.debug('EUR ' + (latest > first) + ' ' + row.get('n'));
        }`)
    ).to.deep.equal(['EUR true 6']);
  });
});
