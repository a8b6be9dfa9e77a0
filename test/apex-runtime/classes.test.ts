import { expect } from 'chai';
import { debugOf, failureOf, run } from './helpers.js';

const SHAPES = {
  Shape: `public abstract class Shape {
    protected String name;
    public static Integer created = 0;
    public Shape(String name) { this.name = name; created++; }
    public abstract Decimal area();
    public virtual String describe() { return name + ' with area ' + area(); }
  }`,
  Square: `public virtual class Square extends Shape {
    private Decimal side;
    public Square(Decimal side) { super('square'); this.side = side; }
    public Square() { this(1); }
    public override Decimal area() { return side * side; }
    public override String describe() { return 'A ' + super.describe(); }
  }`,
  Named: `public interface Named { String getName(); }`,
  Person: `public class Person implements Named, Comparable {
    public String first { get; set; }
    public String last { get; private set; }
    public Integer age { get { return age == null ? 0 : age; } set { age = value < 0 ? 0 : value; } }
    public String full { get { return first + ' ' + last; } }
    public Person(String first, String last) { this.first = first; this.last = last; }
    public String getName() { return full; }
    public Integer compareTo(Object other) { return last.compareTo(((Person) other).last); }
  }`,
  Counter: `public class Counter {
    public static Integer count;
    public static final List<String> LOG = new List<String>();
    static { count = 10; LOG.add('static init'); }
    public Integer instanceValue = count + 1;
    public static Integer next() { return ++count; }
    public static Integer add(Integer a, Integer b) { return a + b; }
    public static String add(String a, String b) { return a + '+' + b; }
    public static Decimal add(Decimal a, Decimal b) { return a + b + 0.5; }
  }`,
  Outer: `public class Outer {
    public enum Color { RED, GREEN, BLUE }
    public class Inner { public Integer v = 42; }
    public static Color favourite() { return Color.GREEN; }
    public class OuterException extends Exception {}
  }`
};

describe('apex runtime: classes', () => {
  it('dispatches virtual, abstract and overridden methods, and super calls', () => {
    const out = debugOf(
      `Shape s = new Square(3); System.debug(s.area()); System.debug(s.describe()); System.debug(new Square().area()); System.debug(Shape.created);`,
      SHAPES
    );
    expect(out).to.deep.equal(['9', 'A square with area 9', '1', '2']);
  });

  it('implements interfaces and checks instanceof against them', () => {
    const out = debugOf(
      `Person p = new Person('Ada', 'Lovelace'); Named n = p; System.debug(n.getName()); System.debug(p instanceof Named); System.debug(p instanceof Comparable);`,
      SHAPES
    );
    expect(out).to.deep.equal(['Ada Lovelace', 'true', 'true']);
  });

  it('runs auto properties and properties with get/set bodies', () => {
    const out = debugOf(
      `Person p = new Person('A', 'B'); System.debug(p.age); p.age = -5; System.debug(p.age); p.age = 30; System.debug(p.age); p.first = 'Z'; System.debug(p.full);`,
      SHAPES
    );
    expect(out).to.deep.equal(['0', '0', '30', 'Z B']);
  });

  it('runs static initialisers once and before first use, and instance field initialisers', () => {
    const out = debugOf(
      `System.debug(Counter.next()); System.debug(Counter.next()); System.debug(new Counter().instanceValue); System.debug(Counter.LOG);`,
      SHAPES
    );
    expect(out).to.deep.equal(['11', '12', '13', '(static init)']);
  });

  it('resolves overloads by argument type', () => {
    const out = debugOf(
      `System.debug(Counter.add(1, 2)); System.debug(Counter.add('a', 'b')); System.debug(Counter.add(1.5, 1));`,
      SHAPES
    );
    expect(out).to.deep.equal(['3', 'a+b', '3.0']);
  });

  it('sorts Comparable objects with List.sort()', () => {
    const out = debugOf(
      `List<Person> ps = new List<Person>{ new Person('x', 'Turing'), new Person('y', 'Hopper'), new Person('z', 'Lovelace') }; ps.sort(); for (Person p : ps) System.debug(p.last);`,
      SHAPES
    );
    expect(out).to.deep.equal(['Hopper', 'Lovelace', 'Turing']);
  });

  it('supports inner classes and enums with values(), name(), ordinal()', () => {
    const out = debugOf(
      `Outer.Inner i = new Outer.Inner(); System.debug(i.v); Outer.Color c = Outer.favourite(); System.debug(c); System.debug(c.name() + ' ' + c.ordinal()); System.debug(Outer.Color.values()); System.debug(c == Outer.Color.GREEN);
       switch on c { when RED { System.debug('r'); } when GREEN, BLUE { System.debug('gb'); } }`,
      SHAPES
    );
    expect(out).to.deep.equal(['42', 'GREEN', 'GREEN 1', '(RED, GREEN, BLUE)', 'true', 'gb']);
  });

  it('declares classes, methods and enums inside an anonymous block', () => {
    const out = debugOf(`
      public enum Level { LOW, HIGH }
      public class Box { public Integer v; public Box(Integer v) { this.v = v; } public Integer twice() { return v * 2; } }
      Integer triple(Integer x) { return x * 3; }
      Box b = new Box(4); System.debug(b.twice()); System.debug(triple(5)); System.debug(Level.HIGH.ordinal());`);
    expect(out).to.deep.equal(['8', '15', '1']);
  });

  it('prints an object without toString() as Name:[field=value]', () => {
    const out = debugOf(`public class P { Integer x = 1; String y; } System.debug(new P());`);
    expect(out[0]).to.match(/P:\[x=1, y=null\]$/);
  });

  it('reports the class and line in the stack trace of an exception thrown in a method', () => {
    const r = failureOf(`Square s = new Square(null);\nSystem.debug(s.area());`, SHAPES);
    expect(r.exceptionMessage).to.equal('System.NullPointerException: Attempt to de-reference a null object');
    expect(r.exceptionStackTrace).to.equal('Class.Square.area: line 5, column 38\nAnonymousBlock: line 2, column 1');
  });

  it('raises LimitException past the maximum stack depth', () => {
    const r = failureOf(`Integer down(Integer n) { return down(n + 1); }\ndown(0);`);
    expect(r.exceptionMessage).to.match(/^System\.LimitException: Maximum stack depth reached: \d+$/);
  });
});

describe('apex runtime: inner class scoping', () => {
  it('does not let an inner class read an instance field of its outer class', () => {
    const r = run(`
      public class Outer2 {
        Integer secret = 1;
        public class In { public Integer peek() { return secret; } }
      }
      System.debug(new Outer2.In().peek());`);
    expect(r.compiled).to.equal(false);
    expect(r.compileProblem).to.equal(
      'Non static field cannot be referenced from a static context: secret from the type AnonymousBlock.Outer2'
    );
  });

  it('lets an inner class use static members of its outer class', () => {
    const out = debugOf(`
      public class Outer3 {
        static Integer base = 40;
        static Integer plus(Integer x) { return base + x; }
        public class In { public Integer get() { return plus(2); } }
      }
      System.debug(new Outer3.In().get());`);
    expect(out).to.deep.equal(['42']);
  });
});
