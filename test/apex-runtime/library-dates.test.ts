import { expect } from 'chai';
import { debugOf, run } from './helpers.js';

// The fake org clock is 2026-11-28T12:00:00Z; the running user is in America/Los_Angeles (UTC-8 in November).
describe('apex runtime: Date, Datetime, Time', () => {
  it('takes today and now from the org clock in the user time zone', () => {
    const out = debugOf(
      `System.debug(Date.today()); System.debug(System.today().day()); System.debug(Datetime.now()); System.debug(Datetime.now().hour() + ' ' + Datetime.now().hourGmt());`
    );
    expect(out).to.deep.equal(['2026-11-28 00:00:00', '28', '2026-11-28 12:00:00', '4 12']);
  });

  it('does Date arithmetic with month-end clamping', () => {
    const out = debugOf(`
      Date d = Date.newInstance(2024, 1, 31);
      System.debug(String.valueOf(d.addMonths(1)) + ' ' + String.valueOf(d.addDays(30)) + ' ' + String.valueOf(d.addYears(1)));
      System.debug(d.daysBetween(Date.newInstance(2024, 3, 1)) + ' ' + d.monthsBetween(Date.newInstance(2024, 5, 1)));
      System.debug(Date.isLeapYear(2024) + ' ' + Date.daysInMonth(2023, 2) + ' ' + d.dayOfYear());
      System.debug(String.valueOf(d.toStartOfMonth()) + ' ' + d.format() + ' ' + Date.valueOf('2025-07-04').month());
      System.debug(Date.newInstance(2024, 1, 1) < d);`);
    expect(out).to.deep.equal([
      '2024-02-29 2024-03-01 2025-01-31',
      '30 4',
      'true 28 31',
      '2024-01-01 1/31/2024 7',
      'true'
    ]);
  });

  it('formats Datetimes with Java patterns in the user, GMT or a given time zone', () => {
    const out = debugOf(`
      Datetime t = Datetime.newInstanceGmt(2026, 3, 5, 14, 7, 9);
      System.debug(t.formatGmt('yyyy-MM-dd\\'T\\'HH:mm:ss.SSS\\'Z\\''));
      System.debug(t.format('yyyy-MM-dd HH:mm z'));
      System.debug(t.format('EEE, d MMM yyyy h:mm a', 'Europe/Paris'));
      System.debug(t.format('EEEE dd/MM/yy', 'Asia/Tokyo') + ' ' + t.format('Z', 'Asia/Kolkata'));
      System.debug(t.getTime());`);
    expect(out).to.deep.equal([
      '2026-03-05T14:07:09.000Z',
      '2026-03-05 06:07 PST',
      'Thu, 5 Mar 2026 3:07 PM',
      'Thursday 05/03/26 +0530',
      '1772719629000'
    ]);
  });

  it('builds local Datetimes, converts to Date and Time, and handles DST in the user zone', () => {
    const out = debugOf(`
      Datetime local = Datetime.newInstance(2026, 7, 1, 9, 30, 0);
      System.debug(local);
      System.debug(String.valueOf(local.date()) + ' ' + local.time() + ' ' + local.timeGmt());
      Datetime plus = local.addMonths(5); System.debug(plus.hour() + ' ' + plus.hourGmt());
      Time t = Time.newInstance(23, 30, 0, 0); System.debug(t.addHours(2) + ' ' + t.minute());`);
    expect(out).to.deep.equal([
      '2026-07-01 16:30:00',
      '2026-07-01 09:30:00.000Z 16:30:00.000Z',
      '9 17',
      '01:30:00.000Z 30'
    ]);
  });

  it('rejects an invalid date string with TypeException', () => {
    expect(run(`Date d = Date.valueOf('not a date');`).exceptionMessage).to.equal(
      'System.TypeException: Invalid date: not a date'
    );
  });
});

describe('apex runtime: date arithmetic operators', () => {
  it('adds and subtracts days with + and - on Date and Datetime, milliseconds on Time', () => {
    const out = debugOf(`
      Date d = Date.newInstance(2026, 2, 27);
      System.debug(String.valueOf(d + 2) + ' ' + String.valueOf(d - 27));
      Datetime t = Datetime.newInstanceGmt(2026, 1, 1, 0, 0, 0);
      System.debug((t + 1.5).formatGmt('yyyy-MM-dd HH:mm'));
      System.debug(Time.newInstance(0, 0, 1, 0) - 1500);`);
    expect(out).to.deep.equal(['2026-03-01 2026-01-31', '2026-01-02 12:00', '23:59:59.500Z']);
  });
});
