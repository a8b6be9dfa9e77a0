import { expect } from 'chai';
import { checkApexSyntax, parseApexSource, unitKindOf } from '../../src/gates/apex-syntax.js';
import { formatProblem } from '../../src/gates/problem.js';
import { GOOD_CLASS, Workspace } from './workspace.js';

describe('gate: apex-syntax', () => {
  let workspace: Workspace;
  beforeEach(async () => (workspace = await Workspace.create()));
  afterEach(async () => workspace.dispose());

  it('accepts a valid class, trigger and anonymous script', async () => {
    await workspace.writeClass('Greeter', GOOD_CLASS);
    await workspace.write(
      'force-app/main/default/triggers/AccountTrigger.trigger',
      'trigger AccountTrigger on Account (before insert) {}\n'
    );
    await workspace.write('scripts/apex/hello.apex', "System.debug(Greeter.greet('world'));\n");
    const result = await checkApexSyntax(workspace.dir, ['force-app', 'scripts']);
    expect(result.checked).to.equal(3);
    expect(result.problems).to.deep.equal([]);
  });

  it('rejects a class with a syntax error and locates it as file:line:column', async () => {
    await workspace.writeClass('Broken', 'public class Broken {\n  public void run() {\n    Integer x = ;\n  }\n}\n');
    const result = await checkApexSyntax(workspace.dir, ['force-app']);
    expect(result.problems).to.have.length.greaterThan(0);
    const first = result.problems[0]!;
    expect(first.file).to.equal('force-app/main/default/classes/Broken.cls');
    expect(first.line).to.equal(3);
    expect(first.column).to.equal(17);
    expect(formatProblem(first)).to.match(/^force-app\/main\/default\/classes\/Broken\.cls:3:17 .+ \[apex-syntax\]$/);
  });

  it('skips fixtures that are broken on purpose (a folder named bad)', async () => {
    await workspace.writeClass('Greeter', GOOD_CLASS);
    await workspace.write('test/fixtures/bad/force-app/main/default/classes/Broken.cls', 'public class Broken {');
    const result = await checkApexSyntax(workspace.dir, ['force-app', 'test/fixtures']);
    expect(result.checked).to.equal(1);
    expect(result.problems).to.deep.equal([]);
  });

  it('parses each file with the entry point its extension needs', () => {
    expect(unitKindOf('a/b.trigger')).to.equal('trigger');
    expect(unitKindOf('a/b.apex')).to.equal('anonymous');
    expect(unitKindOf('a/b.cls')).to.equal('class');
    // statements are valid anonymous Apex but not a class body
    expect(parseApexSource('Integer i = 1;', 'anonymous')).to.deep.equal([]);
    expect(parseApexSource('Integer i = 1;', 'class')).to.have.length.greaterThan(0);
  });
});
