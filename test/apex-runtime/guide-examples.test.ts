import { expect } from 'chai';
import { debugOf } from './helpers.js';

// Programs in the style of the Apex Developer Guide's examples, exercising several features together.
describe('apex runtime: programs combining features', () => {
  it('runs a switch with negative literals, a method call subject and nested switches', () => {
    const out = debugOf(`
      Integer pick(Integer x) { return x * -1; }
      for (Integer i : new List<Integer>{2, 3, 7}) {
        switch on pick(i) {
          when -2 { System.debug('minus two'); }
          when -3, -4 {
            switch on Math.mod(i, 2) { when 1 { System.debug('odd three'); } when else { System.debug('even'); } }
          }
          when else { System.debug('default ' + i); }
        }
      }`);
    expect(out).to.deep.equal(['minus two', 'odd three', 'default 7']);
  });

  it('initialises a static map in a static block and uses it from instance code', () => {
    const out = debugOf(`
      public class AllTheColors {
        public static Map<String, Integer> colorMap = new Map<String, Integer>();
        static {
          for (String c : new String[]{'red', 'green', 'blue'}) colorMap.put(c, c.length());
        }
        public Integer total() { Integer t = 0; for (Integer v : colorMap.values()) t += v; return t; }
      }
      System.debug(AllTheColors.colorMap.get('green') + ' ' + new AllTheColors().total());`);
    expect(out).to.deep.equal(['5 12']);
  });

  it('builds an inventory with inheritance, interfaces, maps of lists and sorting', () => {
    const out = debugOf(`
      public interface Priced { Decimal price(); }
      public abstract class Item implements Priced, Comparable {
        public String name;
        public Item(String name) { this.name = name; }
        public abstract Decimal price();
        public Integer compareTo(Object o) {
          Decimal other = ((Item) o).price();
          return price() == other ? 0 : (price() > other ? 1 : -1);
        }
      }
      public class Book extends Item { Decimal p; public Book(String n, Decimal p) { super(n); this.p = p; } public override Decimal price() { return p; } }
      public class Bundle extends Item {
        List<Item> parts = new List<Item>();
        public Bundle(String n) { super(n); }
        public Bundle add(Item i) { parts.add(i); return this; }
        public override Decimal price() { Decimal t = 0; for (Item i : parts) t += i.price(); return (t * 0.9).setScale(2); }
      }
      List<Item> items = new List<Item>{ new Book('B', 12.50), new Bundle('Set').add(new Book('X', 10)).add(new Book('Y', 5.55)), new Book('A', 3) };
      items.sort();
      Map<String, List<String>> byBand = new Map<String, List<String>>();
      for (Item i : items) {
        String band = i.price() < 10 ? 'cheap' : 'dear';
        if (!byBand.containsKey(band)) byBand.put(band, new List<String>());
        byBand.get(band).add(i.name + '=' + i.price());
      }
      System.debug(byBand);`);
    expect(out).to.deep.equal(['{cheap=(A=3), dear=(B=12.50, Set=14.00)}']);
  });

  it('chains exceptions through methods and reports causes', () => {
    const out = debugOf(`
      public class ValidationException extends Exception {}
      void validate(String s) {
        try {
          Integer.valueOf(s);
        } catch (TypeException e) {
          throw new ValidationException('Not a number: ' + s, e);
        }
      }
      try {
        validate('x1');
      } catch (ValidationException e) {
        System.debug(e.getMessage() + ' / ' + e.getCause().getTypeName() + ' / ' + e.getCause().getMessage());
      }`);
    expect(out).to.deep.equal(['Not a number: x1 / System.TypeException / Invalid integer: x1']);
  });

  it('uses safe navigation and null coalescing through sObject relationships', () => {
    const out = debugOf(`
      Contact c = new Contact(LastName = 'L');
      System.debug(c.Account?.Name ?? 'no account');
      c.Account = new Account(Name = 'Parent');
      System.debug(c.Account?.Name ?? 'no account');`);
    expect(out).to.deep.equal(['no account', 'Parent']);
  });
});

describe('apex runtime: custom iterators', () => {
  it('runs a for-each loop over a user Iterable through its Iterator', () => {
    const out = debugOf(`
      public class Countdown implements Iterator<Integer> {
        Integer n; public Countdown(Integer n) { this.n = n; }
        public Boolean hasNext() { return n > 0; }
        public Integer next() { return n--; }
      }
      public class Range implements Iterable<Integer> {
        Integer n; public Range(Integer n) { this.n = n; }
        public Iterator<Integer> iterator() { return new Countdown(n); }
      }
      String s = '';
      for (Integer i : new Range(3)) s += i;
      System.debug(s);
      Iterator<Integer> it2 = new Countdown(2); while (it2.hasNext()) System.debug(it2.next());`);
    expect(out).to.deep.equal(['321', '2', '1']);
  });
});
