/** Dom.Document / Dom.XmlNode and XmlStreamReader on the local runtime, on the ECB's feed format and on edge cases. */
import { expect } from 'chai';
import { debugOf, failureOf } from './helpers.js';

const ECB = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>
\t\t<Cube time='2026-11-27'>
\t\t\t<Cube currency='USD' rate='1.0705'/>
\t\t\t<Cube currency='JPY' rate='171.94'/>
\t\t</Cube>
\t\t<Cube time='2026-11-26'>
\t\t\t<Cube currency='USD' rate='1.0699'/>
\t\t</Cube>
\t</Cube>
</gesmes:Envelope>`;

const apexString = (s: string): string =>
  "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t') + "'";

describe('apex runtime: Dom.Document and Dom.XmlNode', () => {
  it('reads the ECB envelope: namespaces, prefixes, nested Cubes, attributes, text', () => {
    const out = debugOf(`
      String ns = 'http://www.ecb.int/vocabulary/2002-08-01/eurofxref';
      String gesmes = 'http://www.gesmes.org/xml/2002-08-01';
      Dom.Document doc = new Dom.Document();
      doc.load(${apexString(ECB)});
      Dom.XmlNode root = doc.getRootElement();
      System.debug(root.getName() + '|' + root.getNamespace() + '|' + root.getPrefix());
      System.debug(root.getChildElement('subject', gesmes).getText());
      System.debug(root.getChildElement('subject', null) == null);
      System.debug(root.getChildElement('Cube', null) == null);
      Dom.XmlNode outer = root.getChildElement('Cube', ns);
      for (Dom.XmlNode day : outer.getChildElements()) {
        List<String> parts = new List<String>{ day.getAttribute('time', null) };
        for (Dom.XmlNode rate : day.getChildElements()) {
          parts.add(rate.getAttribute('currency', null) + '=' + rate.getAttributeValue('rate', null));
        }
        System.debug(String.join(parts, ' '));
      }
      System.debug(outer.getChildren().size() + ' ' + outer.getChildElements().size());
      System.debug(outer.getChildren()[0].getNodeType() == Dom.XmlNodeType.TEXT);
      System.debug(outer.getNodeType() == Dom.XmlNodeType.ELEMENT);
      System.debug(outer.getParent().getName());
      System.debug(root.getNamespaceFor('gesmes') + ' ' + root.getPrefixFor(gesmes));
      Dom.XmlNode usd = outer.getChildElements()[0].getChildElements()[0];
      System.debug(usd.getAttributeCount() + ' ' + usd.getAttributeKeyAt(0) + ' ' + usd.getAttributeKeyNsAt(0) + ' ' + usd.getAttribute('missing', null));
    `);
    expect(out).to.deep.equal([
      'Envelope|http://www.gesmes.org/xml/2002-08-01|gesmes',
      'Reference rates',
      'true',
      'true',
      '2026-11-27 USD=1.0705 JPY=171.94',
      '2026-11-26 USD=1.0699',
      '5 2',
      'true',
      'true',
      'Envelope',
      'http://www.gesmes.org/xml/2002-08-01 gesmes',
      '2 currency null null'
    ]);
  });

  it('decodes entities, character references and CDATA; skips comments in getText', () => {
    const out = debugOf(`
      Dom.Document doc = new Dom.Document();
      doc.load('<a x="1 &amp; 2">&lt;b&gt; &#65;&#x42; <!-- c --><![CDATA[<raw>]]></a>');
      System.debug(doc.getRootElement().getText());
      System.debug(doc.getRootElement().getAttribute('x', null));
      System.debug(doc.getRootElement().getChildren()[1].getNodeType() == Dom.XmlNodeType.COMMENT);
    `);
    expect(out).to.deep.equal(['<b> AB <raw>', '1 & 2', 'true']);
  });

  for (const [what, xml, detail] of [
    ['a truncated document', '<a><b>1</b>', 'Unexpected EOF; was expecting a close tag for element <a>'],
    ['mismatched tags', '<a><b></a>', 'Unexpected close tag </a>; expected </b>'],
    ['text before the root', 'oops<a/>', "Unexpected character 'o' in prolog"],
    ['two roots', '<a/><b/>', 'Content is not allowed in trailing section'],
    ['an unknown entity', '<a>&nbsp;</a>', 'Undeclared general entity "nbsp"'],
    ['an undeclared prefix', '<p:a/>', 'Undeclared namespace prefix "p"'],
    ['an empty string', '', 'Unexpected EOF in prolog']
  ])
    it(`Dom.Document.load rejects ${what} with System.XmlException`, () => {
      const r = failureOf(`Dom.Document d = new Dom.Document(); d.load(${apexString(xml)});`);
      expect(r.exceptionMessage).to.contain('System.XmlException: Failed to parse XML due to: ' + detail);
    });

  it('catches XmlException in Apex', () => {
    const out = debugOf(`
      try { new Dom.Document().load('<a>'); } catch (XmlException e) { System.debug('caught ' + e.getMessage().startsWith('Failed to parse XML due to:')); }
    `);
    expect(out).to.deep.equal(['caught true']);
  });

  it('building members fail loudly as not supported by the local runtime', () => {
    const r = failureOf(
      `Dom.Document d = new Dom.Document(); d.load('<a/>'); d.getRootElement().addChildElement('b', null, null);`
    );
    expect(r.exceptionMessage).to.contain('not supported by the local runtime: Dom.XmlNode.addChildElement');
  });
});

describe('apex runtime: XmlStreamReader', () => {
  it('streams the ECB envelope: events, names, namespaces, attributes', () => {
    const out = debugOf(`
      XmlStreamReader r = new XmlStreamReader(${apexString(ECB)});
      System.debug(r.getEventType() == XmlTag.START_DOCUMENT);
      List<String> seen = new List<String>();
      String day;
      while (r.hasNext()) {
        r.next();
        if (r.getEventType() == XmlTag.START_ELEMENT && r.getLocalName() == 'Cube') {
          if (r.getAttributeValue(null, 'time') != null) day = r.getAttributeValue(null, 'time');
          if (r.getAttributeValue(null, 'currency') != null)
            seen.add(day + ':' + r.getAttributeValue(null, 'currency') + '=' + r.getAttributeValueAt(1) + ' ' + r.getAttributeCount() + ' ' + r.getAttributeLocalName(0));
        }
      }
      System.debug(String.join(seen, ','));
      System.debug(r.getEventType() == XmlTag.END_DOCUMENT);
      XmlStreamReader s = new XmlStreamReader(${apexString(ECB)});
      s.nextTag();
      System.debug(s.getLocalName() + ' ' + s.getNamespace() + ' ' + s.getPrefix() + ' ' + s.isStartElement());
      s.nextTag();
      s.next();
      System.debug(s.getText() + ' ' + s.isCharacters() + ' ' + s.isWhitespace());
    `);
    expect(out).to.deep.equal([
      'true',
      '2026-11-27:USD=1.0705 2 currency,2026-11-27:JPY=171.94 2 currency,2026-11-26:USD=1.0699 2 currency',
      'true',
      'Envelope http://www.gesmes.org/xml/2002-08-01 gesmes true',
      'Reference rates true false'
    ]);
  });

  it('next() returns the StAX event codes and fails past END_DOCUMENT', () => {
    const out = debugOf(`
      XmlStreamReader r = new XmlStreamReader('<a>t</a>');
      List<Integer> codes = new List<Integer>();
      while (r.hasNext()) codes.add(r.next());
      System.debug(codes);
      try { r.next(); } catch (XmlException e) { System.debug('past the end'); }
    `);
    expect(out).to.deep.equal(['(1, 4, 2, 8)', 'past the end']);
  });

  it('a malformed document raises System.XmlException on next()', () => {
    const r = failureOf(`XmlStreamReader r = new XmlStreamReader('<a><b></a>'); r.next();`);
    expect(r.exceptionMessage).to.contain('System.XmlException: Failed to parse XML due to: Unexpected close tag </a>');
  });

  it('reading an attribute on a non-element event is an XmlException', () => {
    const r = failureOf(
      `XmlStreamReader r = new XmlStreamReader('<a>t</a>'); r.next(); r.next(); r.getAttributeCount();`
    );
    expect(r.exceptionMessage).to.contain('System.XmlException: getAttributeCount: current event is CHARACTERS');
  });
});
