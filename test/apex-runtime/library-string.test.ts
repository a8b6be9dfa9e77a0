import { expect } from 'chai';
import { debugOf, failureOf } from './helpers.js';

describe('apex runtime: String', () => {
  it('formats with String.format (MessageFormat placeholders and quotes) and joins', () => {
    const out = debugOf(`
      System.debug(String.format('{0} has {1} items', new List<Object>{'Cart', 3}));
      System.debug(String.format('It\\'\\'s {0}', new List<String>{'ok'}));
      System.debug(String.join(new List<String>{'a', 'b', 'c'}, '-'));
      System.debug(String.join(new Set<Integer>{1, 2}, ','));`);
    expect(out).to.deep.equal(['Cart has 3 items', "It's ok", 'a-b-c', '1,2']);
  });

  it('splits with Java regex semantics, dropping trailing empty strings', () => {
    const out = debugOf(`
      System.debug('a,b,,c,,'.split(','));
      System.debug('one  two'.split('\\\\s+'));
      System.debug('a.b.c'.split('\\\\.', 2));
      System.debug('x'.split(',').size());`);
    expect(out).to.deep.equal(['(a, b, , c)', '(one, two)', '(a, b.c)', '1']);
  });

  it('escapes single quotes and tests blankness', () => {
    const out = debugOf(`
      System.debug(String.escapeSingleQuotes('it\\'s'));
      System.debug(String.isBlank(null) + ' ' + String.isBlank('  ') + ' ' + String.isBlank(' x '));
      System.debug(String.isEmpty('') + ' ' + String.isNotEmpty(' ') + ' ' + String.isNotBlank(' '));`);
    expect(out).to.deep.equal(["it\\'s", 'true true false', 'true true false']);
  });

  it('implements the common instance methods', () => {
    const out = debugOf(`
      String s = '  Hello World  ';
      String t = s.trim();
      System.debug(t.length() + ' ' + t.toUpperCase() + ' ' + t.toLowerCase());
      System.debug(t.substring(6) + '|' + t.substring(0, 5) + '|' + t.indexOf('o') + '|' + t.lastIndexOf('o'));
      System.debug(t.contains('World') + ' ' + t.containsIgnoreCase('world') + ' ' + t.startsWith('Hell') + ' ' + t.endsWith('ld'));
      System.debug(t.replace('l', 'L') + ' ' + t.replaceAll('[aeiou]', '*'));
      System.debug(t.left(3) + ' ' + t.right(3) + ' ' + t.mid(1, 3) + ' ' + t.reverse());
      System.debug('7'.leftPad(3, '0') + ' ' + 'ab'.rightPad(4, '.') + '|' + 'ab'.repeat(3));
      System.debug('12345'.isNumeric() + ' ' + 'abc'.isAlpha() + ' ' + 'a1'.isAlphanumeric() + ' ' + ''.isNumeric());
      System.debug('hello'.capitalize() + ' ' + 'key=value'.substringAfter('=') + ' ' + 'key=value'.substringBefore('='));
      System.debug('abc'.equalsIgnoreCase('ABC') + ' ' + 'a'.compareTo('b') + ' ' + 'abcabc'.countMatches('bc'));
      System.debug('abc'.charAt(0));`);
    expect(out).to.deep.equal([
      '11 HELLO WORLD hello world',
      'World|Hello|4|7',
      'true true true true',
      'HeLLo WorLd H*ll* W*rld',
      'Hel rld ell dlroW olleH',
      '007 ab..|ababab',
      'true true true false',
      'Hello value key',
      'true -1 2',
      '97'
    ]);
  });

  it('converts values with String.valueOf, including null', () => {
    expect(
      debugOf(
        `Integer i; System.debug(String.valueOf(42) + String.valueOf(i) + String.valueOf(1.50) + String.valueOf(true));`
      )
    ).to.deep.equal(['42null1.50true']);
  });

  it('raises StringException for a substring out of bounds', () => {
    const r = failureOf(`String s = 'abc';\nString t = s.substring(1, 10);`);
    expect(r.exceptionMessage).to.equal('System.StringException: Ending position out of bounds: 10');
  });
});

describe('apex runtime: Pattern and Matcher', () => {
  it('matches whole strings, finds groups and replaces', () => {
    const out = debugOf(`
      Pattern p = Pattern.compile('^[0-9]{2,3}\\\\.0$');
      System.debug(p.matcher('65.0').matches() + ' ' + p.matcher('6.0').matches());
      Matcher m = Pattern.compile('(\\\\w+)@(\\\\w+)\\\\.com').matcher('a@x.com, b@y.com');
      while (m.find()) System.debug(m.group(1) + ' at ' + m.group(2) + ' ' + m.start());
      System.debug(Pattern.matches('a+', 'aaa') + ' ' + Pattern.compile('\\\\s+').matcher('a  b c').replaceAll('_'));
      System.debug(Pattern.compile(',').split('a,b,,'));`);
    expect(out).to.deep.equal(['true false', 'a at x 0', 'b at y 9', 'true a_b_c', '(a, b)']);
  });
});
