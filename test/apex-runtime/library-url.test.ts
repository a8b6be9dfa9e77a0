/** System.Url on the local runtime: its four constructors, the parts of a URL, relative resolution, errors. */
import { expect } from 'chai';
import { debugOf, failureOf } from './helpers.js';

const PARTS = `
  System.debug(u.getProtocol() + '|' + u.getAuthority() + '|' + u.getUserInfo() + '|' + u.getHost() + '|' + u.getPort()
    + '|' + u.getDefaultPort() + '|' + u.getPath() + '|' + u.getQuery() + '|' + u.getRef() + '|' + u.getFile());
  System.debug(u.toExternalForm());`;

describe('apex runtime: System.Url', () => {
  it('splits a full URL into the parts java.net.URL names', () => {
    const out = debugOf(`Url u = new Url('https://ana:pw@example.com:8443/a/b.html?x=1&y=2#top');${PARTS}`);
    expect(out).to.deep.equal([
      'https|ana:pw@example.com:8443|ana:pw|example.com|8443|443|/a/b.html|x=1&y=2|top|/a/b.html?x=1&y=2',
      'https://ana:pw@example.com:8443/a/b.html?x=1&y=2#top'
    ]);
  });

  it('gives null for the parts a URL lacks, -1 for no port, and an empty path and file', () => {
    const out = debugOf(`Url u = new Url('HTTP://example.com');${PARTS}`);
    expect(out).to.deep.equal(['http|example.com|null|example.com|-1|80||null|null|', 'http://example.com']);
  });

  it('builds a URL from protocol, host, [port,] file', () => {
    const out = debugOf(`
      System.debug(new Url('https', 'example.com', '/services/data?v=1').toExternalForm());
      Url u = new Url('http', 'localhost', 8080, '/x');
      System.debug(u.toExternalForm() + ' ' + u.getPort() + ' ' + u.getDefaultPort() + ' ' + u.getFile());
      System.debug(new Url('ftp', 'files.example.com', -1, '/pub').getPort());`);
    expect(out).to.deep.equal(['https://example.com/services/data?v=1', 'http://localhost:8080/x 8080 80 /x', '-1']);
  });

  it('resolves a spec against a context URL as RFC 3986 section 5 does', () => {
    const out = debugOf(`
      Url base = new Url('https://a.example.com/x/y/z.html?q=1');
      for (String spec : new List<String>{ '../w.html', './v', '?p=2', '#f', '/root', '//b.example.org/c', 'http://c.example.net/', 'd/../e' }) {
        System.debug(spec + ' -> ' + new Url(base, spec).toExternalForm());
      }`);
    expect(out).to.deep.equal([
      '../w.html -> https://a.example.com/x/w.html',
      './v -> https://a.example.com/x/y/v',
      '?p=2 -> https://a.example.com/x/y/z.html?p=2',
      '#f -> https://a.example.com/x/y/z.html?q=1#f',
      '/root -> https://a.example.com/root',
      '//b.example.org/c -> https://b.example.org/c',
      'http://c.example.net/ -> http://c.example.net/',
      'd/../e -> https://a.example.com/x/y/e'
    ]);
  });

  it('compares files ignoring the fragment, and equal URLs are equal values', () => {
    const out = debugOf(`
      Url a = new Url('https://example.com/p?q#one');
      System.debug(a.sameFile(new Url('https://example.com/p?q#two')));
      System.debug(a.sameFile(new Url('https://example.com/p?r')));
      System.debug(a.sameFile(null));
      Set<Url> s = new Set<Url>{ new Url('https://example.com/p'), new Url('https://example.com/p') };
      System.debug(s.size() + ' ' + (new Url('https://example.com/p') == new Url('https://example.com/p')));
      System.debug(new Url('https://example.com/p').equals(new Url('https://example.com/q')));`);
    expect(out).to.deep.equal(['true', 'false', 'false', '1 true', 'false']);
  });

  it('raises a catchable StringException for a spec that is not an absolute URI', () => {
    const out = debugOf(`
      for (String spec : new List<String>{ 'not a url', 'example.com/path', 'https://exa mple.com/', 'https://h:port/' }) {
        try { new Url(spec); System.debug('accepted ' + spec); }
        catch (StringException e) { System.debug(e.getMessage()); }
      }`);
    expect(out).to.deep.equal([
      'Invalid URL: not a url',
      'Invalid URL: example.com/path',
      'Invalid URL: https://exa mple.com/',
      'Invalid URL: https://h:port/'
    ]);
    const r = failureOf(`String s = null; Url u = new Url(s);`);
    expect(r.exceptionMessage).to.match(/^System\.NullPointerException/);
  });

  it('fails loudly for the Url statics it cannot answer', () => {
    for (const m of ['getSalesforceBaseUrl', 'getCurrentRequestUrl']) {
      const r = failureOf(`Url u = Url.${m}();`);
      expect(r.exceptionMessage).to.match(new RegExp(`not supported by the local runtime: Url\\.${m} at `));
    }
  });
});
