import { expect } from 'chai';
import { debugOf, failureOf } from './helpers.js';

describe('apex runtime: Integer, Long, Decimal, Double, Math', () => {
  it('keeps Decimal scale in arithmetic and printing', () => {
    expect(
      debugOf(
        `Decimal a = 1.10; Decimal b = 2.205; System.debug(a + b); System.debug(a * b); System.debug(b - a); System.debug(0.1 + 0.2);`
      )
    ).to.deep.equal(['3.305', '2.42550', '1.105', '0.3']);
  });

  it('sets the scale with HALF_EVEN by default and with an explicit RoundingMode', () => {
    const out = debugOf(`
      Decimal d = 2.345;
      System.debug(d.setScale(2));
      System.debug(d.setScale(2, RoundingMode.HALF_UP));
      System.debug(d.setScale(1, RoundingMode.DOWN));
      System.debug((-2.5).setScale(0, RoundingMode.CEILING));
      System.debug(d.setScale(5));
      System.debug(d.scale() + ' ' + d.precision());`);
    expect(out).to.deep.equal(['2.34', '2.35', '2.3', '-2', '2.34500', '3 4']);
  });

  it('divides Decimals with a scale and a rounding mode', () => {
    const out = debugOf(`
      Decimal d = 10;
      System.debug(d.divide(3, 4));
      System.debug(d.divide(3, 2, RoundingMode.UP));
      System.debug(Decimal.valueOf('5').divide(3, 30));
      System.debug(d / 4);`);
    expect(out).to.deep.equal(['3.3333', '3.34', '1.666666666666666666666666666667', '2.5']);
  });

  it('parses numbers with valueOf and rejects invalid text with TypeException', () => {
    expect(
      debugOf(
        `System.debug(Integer.valueOf('42') + 1); System.debug(Decimal.valueOf('1.50')); System.debug(Double.valueOf('2.5')); System.debug(Long.valueOf('9000000000'));`
      )
    ).to.deep.equal(['43', '1.50', '2.5', '9000000000']);
    expect(failureOf(`Integer i = Integer.valueOf('abc');`).exceptionMessage).to.equal(
      'System.TypeException: Invalid integer: abc'
    );
  });

  it('prints Doubles as Java does', () => {
    expect(
      debugOf(
        `Double a = 1; Double b = 10000000000.0; Double c = 0.0001; System.debug(a); System.debug(b); System.debug(c); System.debug(a / 3);`
      )
    ).to.deep.equal(['1.0', '1.0E10', '1.0E-4', '0.3333333333333333']);
  });

  it('raises MathException "Divide by 0" for Integer, Long and Decimal division', () => {
    expect(failureOf(`Integer z = 0; Integer x = 1 / z;`).exceptionMessage).to.equal(
      'System.MathException: Divide by 0'
    );
    expect(failureOf(`Long z = 0; Long x = 1L / z;`).exceptionMessage).to.equal('System.MathException: Divide by 0');
    expect(failureOf(`Decimal z = 0; Decimal x = 1.5 / z;`).exceptionMessage).to.equal(
      'System.MathException: Divide by 0'
    );
  });

  it('implements Math functions with the argument type preserved', () => {
    const out = debugOf(`
      System.debug(Math.abs(-5) + ' ' + Math.abs(-2.5) + ' ' + Math.max(3, 7) + ' ' + Math.min(2.5, 1.5));
      System.debug(Math.mod(17, 5) + ' ' + Math.round(2.5) + ' ' + Math.round(3.5) + ' ' + Math.sqrt(16));
      System.debug(Math.pow(2, 10) + ' ' + Math.floor(2.7) + ' ' + Math.ceil(2.1));`);
    expect(out).to.deep.equal(['5 2.5 7 1.5', '2 2 4 4.0', '1024.0 2 3']);
  });

  it('formats numbers with grouping and converts between numeric types', () => {
    const out = debugOf(`
      Integer i = 1234567; System.debug(i.format());
      Decimal d = 1234.5; System.debug(d.format());
      System.debug(d.intValue() + ' ' + d.longValue() + ' ' + d.round());
      Long l = 5; Integer fromLong = l.intValue(); System.debug(fromLong + 1);`);
    expect(out).to.deep.equal(['1,234,567', '1,234.5', '1234 1234 1234', '6']);
  });
});

describe('apex runtime: Decimal printing', () => {
  it('prints very small Decimals in scientific notation, as BigDecimal.toString does, and toPlainString plainly', () => {
    const out = debugOf(
      `Decimal d = 0.00000001; System.debug(d); System.debug(d.toPlainString()); System.debug(0.000001); System.debug(-0.00000012);`
    );
    expect(out).to.deep.equal(['1E-8', '0.00000001', '0.000001', '-1.2E-7']);
  });
});
