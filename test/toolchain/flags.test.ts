import { expect } from 'chai';
import { UsageError } from '../../src/toolchain/errors.js';
import {
  parseBatchSize,
  parseCron,
  parseDateFlag,
  parseFlags,
  parseIntegerFlag,
  renderHelp
} from '../../src/toolchain/flags.js';
import { SPECS } from '../../src/toolchain/commands/specs.js';

describe('toolchain flags', () => {
  describe('parseFlags', () => {
    it('reads short and long common flags and command flags', () => {
      const flags = parseFlags(['-o', 'myorg', '--json', '--date', '2026-11-28'], SPECS.run.flags);
      expect(flags['target-org']).to.equal('myorg');
      expect(flags.json).to.equal(true);
      expect(flags.date).to.equal('2026-11-28');
      expect(flags.wait).to.equal('30');
    });

    it('accepts --target-org=value', () => {
      expect(parseFlags(['--target-org=me@example.com'], {})['target-org']).to.equal('me@example.com');
    });

    it('rejects an unknown flag with a specific message', () => {
      expect(() => parseFlags(['--bogus'], SPECS.status.flags)).to.throw(UsageError, /Unknown flag: '--bogus'/);
    });

    it('rejects a missing value', () => {
      expect(() => parseFlags(['--date'], SPECS.run.flags)).to.throw(UsageError, /--date/);
    });

    it('rejects an empty value', () => {
      expect(() => parseFlags(['-o', ''], {})).to.throw(UsageError, /--target-org needs a value/);
    });

    it('rejects positional arguments', () => {
      expect(() => parseFlags(['myorg'], {})).to.throw(UsageError, /Unexpected argument/);
    });

    it('gives usage errors exit code 2 and a --help action', () => {
      try {
        parseFlags(['--nope'], {});
        expect.fail('should throw');
      } catch (error) {
        expect((error as UsageError).exitCode).to.equal(2);
        expect((error as UsageError).actions.join(' ')).to.include('--help');
      }
    });
  });

  describe('parseDateFlag', () => {
    it('accepts a calendar date', () => {
      expect(parseDateFlag('2028-02-29')).to.equal('2028-02-29');
    });
    for (const bad of ['2026-13-01', '2026-02-30', '2027-02-29', '28-11-2026', '2026-11-28T00:00', 'today']) {
      it(`rejects ${bad}`, () => {
        expect(() => parseDateFlag(bad)).to.throw(UsageError, /--date/);
      });
    }
  });

  describe('integers', () => {
    it('parses batch sizes within 1..2000', () => {
      expect(parseBatchSize('1')).to.equal(1);
      expect(parseBatchSize('2000')).to.equal(2000);
    });
    for (const bad of ['0', '2001', '-5', '1.5', '10x', 'abc']) {
      it(`rejects batch size ${bad}`, () => {
        expect(() => parseBatchSize(bad)).to.throw(UsageError, /--batch-size/);
      });
    }
    it('names the flag and range', () => {
      expect(() => parseIntegerFlag('99', 'wait', 1, 10)).to.throw('--wait must be between 1 and 10, got 99.');
    });
  });

  describe('parseCron', () => {
    for (const good of [
      '0 0 1 * * ?',
      '0 30 2 ? * MON-FRI',
      '0 0 1 * * ? 2027',
      '0 0/15 * * * ?',
      '0 0 12 L * ?',
      '0 0 8 ? * 2#1',
      '0 0 1 1,15 JAN,JUL ?'
    ]) {
      it(`accepts "${good}"`, () => {
        expect(parseCron(good)).to.equal(good);
      });
    }
    it('normalises whitespace', () => {
      expect(parseCron('  0  0 1 * *   ? ')).to.equal('0 0 1 * * ?');
    });
    it('rejects the wrong number of fields', () => {
      expect(() => parseCron('0 1 * * *')).to.throw(UsageError, /6 or 7 fields.*got 5/);
    });
    it('rejects an out-of-range hour', () => {
      expect(() => parseCron('0 0 24 * * ?')).to.throw(UsageError, /field 3 \(Hours\) "24"/);
    });
    it('rejects both day fields set', () => {
      expect(() => parseCron('0 0 1 * * *')).to.throw(UsageError, /exactly one of Day_of_month and Day_of_week/);
    });
    it('rejects both day fields "?"', () => {
      expect(() => parseCron('0 0 1 ? * ?')).to.throw(UsageError, /exactly one/);
    });
    it('rejects garbage in a field', () => {
      expect(() => parseCron('0 0 1 * FOO ?')).to.throw(UsageError, /Month/);
    });
  });

  describe('renderHelp', () => {
    it('lists command and common flags, examples and exit codes', () => {
      const help = renderHelp(SPECS.run, SPECS.run.flags);
      expect(help).to.match(/^Start the roll-forward batch/);
      expect(help).to.include('--batch-size <1-2000>');
      expect(help).to.include('-o, --target-org <alias|username>');
      expect(help).to.include('--wait <minutes>');
      expect(help).to.include('(default: 30)');
      expect(help).to.include('npm run run -- -o myorg --date 2026-11-28');
      expect(help).to.include('EXIT CODES');
    });
  });
});
