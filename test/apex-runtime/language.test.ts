import { expect } from 'chai';
import { debugOf, failureOf } from './helpers.js';

describe('apex runtime: language', () => {
  it('evaluates Integer arithmetic with truncating division and 32-bit overflow', () => {
    expect(
      debugOf(`System.debug(7 / 2); System.debug(-7 / 2); System.debug(2147483647 + 1); System.debug(3 * 4 - 5);`)
    ).to.deep.equal(['3', '-3', '-2147483648', '7']);
  });

  it('promotes Integer to Long, Double and Decimal', () => {
    const out = debugOf(`
      Long l = 2147483647L + 1; System.debug(l);
      Double d = 1; System.debug(d / 4);
      Decimal x = 1.10; System.debug(x + 2);
      Object o = 5 + 2.5; System.debug(o instanceof Decimal);
      Object p = 5 + 1L; System.debug(p instanceof Long);`);
    expect(out).to.deep.equal(['2147483648', '0.25', '3.10', 'true', 'true']);
  });

  it('concatenates strings and prints null as "null"', () => {
    expect(debugOf(`String s; Integer i; System.debug('a' + s + i + 1 + 2); System.debug(1 + 2 + 'x');`)).to.deep.equal(
      ['anullnull12', '3x']
    );
  });

  it('compares strings with == case-insensitively and equals() case-sensitively', () => {
    expect(
      debugOf(
        `String a = 'Hello'; System.debug(a == 'HELLO'); System.debug(a.equals('HELLO')); System.debug(a != 'hello');`
      )
    ).to.deep.equal(['true', 'false', 'false']);
  });

  it('short-circuits && and ||', () => {
    expect(
      debugOf(`String s; System.debug(s != null && s.length() > 0); System.debug(s == null || s.length() > 0);`)
    ).to.deep.equal(['false', 'true']);
  });

  it('supports ternary, safe navigation and null coalescing', () => {
    const out = debugOf(`
      String s; Integer n = 3;
      System.debug(n > 2 ? 'big' : 'small');
      System.debug(s?.length());
      System.debug(s ?? 'fallback');
      Account a; System.debug(a?.Name);`);
    expect(out).to.deep.equal(['big', 'null', 'fallback', 'null']);
  });

  it('handles ++, --, compound assignment and their values', () => {
    const out = debugOf(`
      Integer i = 5; Integer j = i++; Integer k = ++i;
      System.debug(i + ' ' + j + ' ' + k);
      i -= 2; i *= 3; i /= 2; System.debug(i);
      String s = 'a'; s += 'b'; System.debug(s);
      List<Integer> l = new List<Integer>{1}; l[0]++; l[0] += 10; System.debug(l);`);
    expect(out).to.deep.equal(['7 5 7', '7', 'ab', '(12)']);
  });

  it('treats identifiers and keywords case-insensitively', () => {
    expect(
      debugOf(`integer Count = 2; SYSTEM.DEBUG(count + COUNT); string S = 'x'; system.debug(s.TOUPPERCASE());`)
    ).to.deep.equal(['4', 'X']);
  });

  it('runs if/else, while, do-while, break and continue', () => {
    const out = debugOf(`
      Integer i = 0; Integer sum = 0;
      while (true) { i++; if (i > 10) break; if (Math.mod(i, 2) == 0) continue; sum += i; }
      System.debug(sum);
      Integer n = 0; do { n++; } while (n < 3); System.debug(n);
      if (n == 1) System.debug('one'); else if (n == 3) System.debug('three'); else System.debug('other');`);
    expect(out).to.deep.equal(['25', '3', 'three']);
  });

  it('runs classic for loops and for-each over List, Set and Map.keySet()', () => {
    const out = debugOf(`
      String s = '';
      for (Integer i = 0, j = 10; i < 3; i++, j--) { s += i + ':' + j + ' '; }
      System.debug(s.trim());
      for (String x : new List<String>{'a', 'b'}) System.debug(x);
      for (Integer x : new Set<Integer>{3, 4}) System.debug(x);
      Map<String, Integer> m = new Map<String, Integer>{'k1' => 1, 'k2' => 2};
      for (String k : m.keySet()) System.debug(k + '=' + m.get(k));
      Integer[] arr = new Integer[]{7, 8}; for (Integer v : arr) System.debug(v);`);
    expect(out).to.deep.equal(['0:10 1:9 2:8', 'a', 'b', '3', '4', 'k1=1', 'k2=2', '7', '8']);
  });

  it('switches on literals (case-sensitive strings), multiple values, null and when else', () => {
    const out = debugOf(`
      for (Object o : new List<Object>{1, 5, null}) {
        Integer i = (Integer) o;
        switch on i { when 1 { System.debug('one'); } when 2, 5 { System.debug('two or five'); } when null { System.debug('null'); } }
      }
      String s = 'ORANGE';
      switch on s { when 'orange' { System.debug('lower'); } when else { System.debug('else'); } }
      Long big = 3L; switch on big { when 3 { System.debug('three'); } }`);
    expect(out).to.deep.equal(['one', 'two or five', 'null', 'else', 'three']);
  });

  it('switches on sObject types with a typed variable', () => {
    const out = debugOf(`
      SObject so = new Contact(LastName = 'Lovelace');
      switch on so { when Account a { System.debug('account'); } when Contact c { System.debug('contact ' + c.LastName); } }`);
    expect(out).to.deep.equal(['contact Lovelace']);
  });

  it('checks instanceof and raises TypeException on an invalid cast', () => {
    expect(
      debugOf(`Object o = 'x'; System.debug(o instanceof String); System.debug(o instanceof Integer);`)
    ).to.deep.equal(['true', 'false']);
    const r = failureOf(`Object o = 'abc';\nInteger i = (Integer) o;`);
    expect(r.exceptionMessage).to.equal('System.TypeException: Invalid conversion from runtime type String to Integer');
    expect(r.line).to.equal(2);
  });

  it('converts numbers in a cast only when the operand is statically numeric (SE 207118)', () => {
    // "(Integer)5.2 works … you can't write Object o = 5.2; Integer i = (Integer)o;" — the fraction is dropped
    expect(
      debugOf('System.debug((Integer) 5.7);\nSystem.debug((Integer) -5.7);\nDouble x = 3.9;\nSystem.debug((Long) x);')
    ).to.deep.equal(['5', '-5', '3']);
    expect(debugOf('Object o = 5.2;\nSystem.debug((Integer)(Decimal) o);')).to.deep.equal(['5']);
    for (const code of [
      'Object o = 5.2;\nInteger i = (Integer) o;',
      'Integer i = 1;\nInteger j = (Integer)(Object) 5.2;'
    ]) {
      const r = failureOf(code);
      expect(r.exceptionMessage).to.equal(
        'System.TypeException: Invalid conversion from runtime type Decimal to Integer'
      );
      expect(r.line).to.equal(2);
    }
    expect(failureOf('Object o = 5;\nLong l = (Long) o;').exceptionMessage).to.equal(
      'System.TypeException: Invalid conversion from runtime type Integer to Long'
    );
  });

  it('throws NullPointerException when de-referencing null', () => {
    const r = failureOf(`String s;\nInteger n = s.length();`);
    expect(r.exceptionMessage).to.equal('System.NullPointerException: Attempt to de-reference a null object');
    expect(r.line).to.equal(2);
  });

  it('keeps block scopes: a variable declared in a block is not visible after it', () => {
    const out = debugOf(
      `Integer x = 1; { Integer y = 2; x += y; } for (Integer i = 0; i < 2; i++) { Integer y = i; x += y; } System.debug(x);`
    );
    expect(out).to.deep.equal(['4']);
  });

  it('uses bitwise and shift operators on Integers and Booleans', () => {
    expect(
      debugOf(
        `System.debug(6 & 3); System.debug(6 | 3); System.debug(6 ^ 3); System.debug(1 << 4); System.debug(-16 >> 2); System.debug(-16 >>> 28); System.debug(true ^ true);`
      )
    ).to.deep.equal(['2', '7', '5', '16', '-4', '15', 'false']);
  });
});
