import { expect } from 'chai';
import { debugOf, failureOf } from './helpers.js';

describe('apex runtime: List, Set, Map', () => {
  it('implements List methods and prints lists', () => {
    const out = debugOf(`
      List<String> l = new List<String>{'b', 'a'};
      l.add('c'); l.add(0, 'z'); System.debug(l);
      System.debug(l.size() + ' ' + l.get(1) + ' ' + l.contains('a') + ' ' + l.indexOf('c') + ' ' + l.isEmpty());
      l.remove(0); l.set(0, 'B'); l.sort(); System.debug(l);
      List<String> copy = l.clone(); copy.add('x'); System.debug(l.size() + ' ' + copy.size());
      List<Integer> nums = new List<Integer>(); nums.addAll(new List<Integer>{3, 1, 2}); nums.sort(); System.debug(nums);
      String[] arr = new String[2]; System.debug(arr); arr[1] = 'y'; System.debug(arr);`);
    expect(out).to.deep.equal([
      '(z, b, a, c)',
      '4 b true 3 false',
      '(B, a, c)',
      '3 4',
      '(1, 2, 3)',
      '(null, null)',
      '(null, y)'
    ]);
  });

  it('raises ListException with the index for out-of-bounds access', () => {
    expect(
      failureOf(`List<Integer> li = new List<Integer>();\nli.add(15);\nInteger i2 = li[1];`).exceptionMessage
    ).to.equal('System.ListException: List index out of bounds: 1');
    expect(failureOf(`List<Integer> li = new List<Integer>(); li.get(-1);`).exceptionMessage).to.equal(
      'System.ListException: List index out of bounds: -1'
    );
  });

  it('implements Set methods with case-sensitive String elements', () => {
    const out = debugOf(`
      Set<String> s = new Set<String>{'a', 'b'};
      System.debug(s.add('a') + ' ' + s.add('A') + ' ' + s.size());
      System.debug(s.contains('a') + ' ' + s.contains('B'));
      s.remove('b'); System.debug(s);
      Set<Integer> n = new Set<Integer>{1, 2, 3}; n.retainAll(new List<Integer>{2, 3, 4}); System.debug(n);
      System.debug(n.containsAll(new Set<Integer>{2}) + ' ' + new Set<Integer>(new List<Integer>{1, 1, 2}).size());`);
    expect(out).to.deep.equal(['false true 3', 'true false', '{a, A}', '{2, 3}', 'true 2']);
  });

  it('implements Map methods with case-sensitive String keys', () => {
    const out = debugOf(`
      Map<String, Integer> m = new Map<String, Integer>{'one' => 1};
      m.put('two', 2); System.debug(m.put('one', 11));
      System.debug(m.get('one') + ' ' + m.get('ONE') + ' ' + m.containsKey('two') + ' ' + m.size());
      System.debug(m.keySet() + ' ' + m.values());
      m.remove('two'); System.debug(m);
      Map<Integer, List<String>> nested = new Map<Integer, List<String>>(); nested.put(1, new List<String>{'x'});
      nested.get(1).add('y'); System.debug(nested);`);
    expect(out).to.deep.equal(['1', '11 null true 2', '{one, two} (11, 2)', '{one=11}', '{1=(x, y)}']);
  });

  it('compares collections by value with ==', () => {
    expect(
      debugOf(
        `System.debug(new List<Integer>{1, 2} == new List<Integer>{1, 2}); System.debug(new Set<String>{'a'} == new Set<String>{'b'});`
      )
    ).to.deep.equal(['true', 'false']);
  });

  it('builds sObjects with field arguments and reads fields case-insensitively', () => {
    const out = debugOf(
      `Account a = new Account(Name = 'Acme', NumberOfEmployees = 5); System.debug(a.name + ' ' + a.get('NUMBEROFEMPLOYEES')); a.put('Name', 'B'); System.debug(a);`
    );
    expect(out).to.deep.equal(['Acme 5', 'Account:{Name=B, NumberOfEmployees=5}']);
  });
});

describe('apex runtime: custom types in collections, comparators', () => {
  it('uses equals() and hashCode() of custom types in Set and Map keys', () => {
    const out = debugOf(`
      public class Pt {
        Integer x; Integer y;
        public Pt(Integer x, Integer y) { this.x = x; this.y = y; }
        public Boolean equals(Object o) { Pt p = (Pt) o; return p.x == x && p.y == y; }
        public Integer hashCode() { return 31 * x + y; }
      }
      Set<Pt> s = new Set<Pt>{ new Pt(1, 2), new Pt(1, 2), new Pt(2, 1) };
      System.debug(s.size());
      Map<Pt, String> m = new Map<Pt, String>(); m.put(new Pt(3, 4), 'a');
      System.debug(m.get(new Pt(3, 4)) + ' ' + m.containsKey(new Pt(4, 3)));
      System.debug(new Pt(1, 1) == new Pt(1, 1));`);
    expect(out).to.deep.equal(['2', 'a false', 'true']);
  });

  it('sorts with a System.Comparator', () => {
    const out = debugOf(`
      public class ByLength implements Comparator<String> {
        public Integer compare(String a, String b) { return a.length() - b.length(); }
      }
      List<String> l = new List<String>{'ccc', 'a', 'bb'}; l.sort(new ByLength()); System.debug(l);`);
    expect(out).to.deep.equal(['(a, bb, ccc)']);
  });

  it('implements more String methods', () => {
    const out = debugOf(`
      System.debug('a.b.c'.substringAfterLast('.') + ' ' + 'a.b.c'.substringBeforeLast('.') + ' ' + 'abc'.containsAny('xc') + ' ' + 'ABC'.isAllUpperCase());
      System.debug('<b>x</b>'.stripHtmlTags() + ' ' + '<a & b>'.escapeHtml4() + ' ' + 'aBc'.swapCase() + ' [' + 'ab'.center(6, '*') + ']');`);
    expect(out).to.deep.equal(['c a.b true true', 'x &lt;a &amp; b&gt; AbC [**ab**]']);
  });
});

describe('apex runtime: modifying a collection while iterating it', () => {
  it('raises FinalException when a for-each loop adds to the Set it iterates', () => {
    const r = failureOf(`Set<Integer> s = new Set<Integer>{1, 2};\nfor (Integer i : s) {\n  s.add(i + 10);\n}`);
    expect(r.exceptionMessage).to.equal(
      'System.FinalException: Cannot modify a collection while it is being iterated.'
    );
    expect(r.line).to.equal(3);
  });

  it('allows changing the list after the loop and iterating a copy', () => {
    expect(
      debugOf(`List<Integer> l = new List<Integer>{1, 2}; for (Integer i : l.clone()) { l.add(i); } System.debug(l);`)
    ).to.deep.equal(['(1, 2, 1, 2)']);
  });
});
