import { expect } from 'chai';
import { debugOf, run } from './helpers.js';

const CLASSES = {
  Rate: `public class Rate {
    public String code;
    public Decimal value;
    public Date startDate;
    public List<String> tags;
    public Boolean active = true;
  }`
};

describe('apex runtime: JSON', () => {
  it('serializes primitives, collections, Apex objects and sObjects', () => {
    const out = debugOf(
      `
      System.debug(JSON.serialize(new Map<String, Object>{'a' => 1, 'b' => 'x', 'c' => null, 'd' => new List<Decimal>{1.50, 2}}));
      Rate r = new Rate(); r.code = 'EUR'; r.value = 1.10; r.startDate = Date.newInstance(2026, 1, 2);
      System.debug(JSON.serialize(r));
      System.debug(JSON.serialize(r, true));
      System.debug(JSON.serialize(new Account(Name = 'Acme')));
      System.debug(JSON.serialize(new Set<String>{'q'}) + JSON.serialize(null) + JSON.serialize('s"q'));`,
      CLASSES
    );
    expect(out).to.deep.equal([
      '{"a":1,"b":"x","c":null,"d":[1.50,2]}',
      '{"code":"EUR","value":1.10,"startDate":"2026-01-02","tags":null,"active":true}',
      '{"code":"EUR","value":1.10,"startDate":"2026-01-02","active":true}',
      '{"attributes":{"type":"Account"},"Name":"Acme"}',
      '["q"]null"s\\"q"'
    ]);
  });

  it('pretty-prints as Jackson does', () => {
    const out = debugOf(
      `System.debug(JSON.serializePretty(new Map<String, Object>{'a' => 1, 'b' => new List<Integer>{1, 2}, 'c' => new Map<String, Object>()}));`
    );
    expect(out[0]).to.equal('{\n  "a" : 1,\n  "b" : [ 1, 2 ],\n  "c" : { }\n}');
  });

  it('deserializes into classes, collections and typed maps', () => {
    const out = debugOf(
      `
      Rate r = (Rate) JSON.deserialize('{"code":"USD","value":1.250,"startDate":"2026-03-04","tags":["a","b"],"unknown":5}', Rate.class);
      System.debug(r.code + ' ' + r.value + ' ' + String.valueOf(r.startDate) + ' ' + r.tags.size());
      List<Rate> rs = (List<Rate>) JSON.deserialize('[{"code":"A"},{"code":"B"}]', List<Rate>.class);
      System.debug(rs.size() + rs[1].code);
      Map<String, Integer> m = (Map<String, Integer>) JSON.deserialize('{"x":1,"y":2}', Map<String, Integer>.class);
      System.debug(m.get('y') + 1);`,
      CLASSES
    );
    expect(out).to.deep.equal(['USD 1.250 2026-03-04 2', '2B', '3']);
  });

  it('deserializes untyped JSON into maps, lists, Integer and Decimal', () => {
    const out = debugOf(`
      Map<String, Object> m = (Map<String, Object>) JSON.deserializeUntyped('{"n":3,"d":2.50,"l":[true,null,"s"],"o":{"k":"v"}}');
      System.debug(m.get('n') instanceof Integer);
      System.debug(m.get('d'));
      List<Object> l = (List<Object>) m.get('l'); System.debug(l);
      System.debug(((Map<String, Object>) m.get('o')).get('k'));`);
    expect(out).to.deep.equal(['true', '2.50', '(true, null, s)', 'v']);
  });

  it('raises JSONException on malformed input', () => {
    const r = run(`Object o = JSON.deserializeUntyped('{"a": }');`);
    expect(r.exceptionMessage).to.match(/^System\.JSONException: Unexpected character \('}' \(code 125\)\)/);
  });
});
