import { expect } from 'chai';
import { checkFormat, firstDifference } from '../../src/gates/format.js';
import { CLASS_META, GOOD_CLASS, Workspace } from './workspace.js';

describe('gate: format (prettier with the Apex and XML plugins)', () => {
  let workspace: Workspace;
  beforeEach(async () => (workspace = await Workspace.create()));
  afterEach(async () => workspace.dispose());

  it('accepts formatted Apex and metadata XML', async () => {
    await workspace.writeClass('Greeter', GOOD_CLASS);
    const result = await checkFormat(workspace.dir, ['force-app']);
    expect(result.checked).to.equal(2);
    expect(result.problems).to.deep.equal([]);
  });

  it('rejects an unformatted class and says where it first differs and how to fix it', async () => {
    await workspace.writeClass('Messy', 'public with sharing class Messy{public static Integer one(){return 1;}}\n');
    const result = await checkFormat(workspace.dir, ['force-app']);
    expect(result.problems).to.have.length(1);
    expect(result.problems[0]).to.include({
      file: 'force-app/main/default/classes/Messy.cls',
      line: 1,
      rule: 'prettier'
    });
    expect(result.problems[0]!.message).to.contain('npx prettier --write force-app/main/default/classes/Messy.cls');
  });

  it('rejects unformatted metadata XML', async () => {
    await workspace.write('force-app/main/default/classes/Greeter.cls', GOOD_CLASS);
    await workspace.write('force-app/main/default/classes/Greeter.cls-meta.xml', CLASS_META.replace(/\n {2}/g, '\n'));
    const result = await checkFormat(workspace.dir, ['force-app']);
    expect(result.problems.map((p) => p.file)).to.deep.equal(['force-app/main/default/classes/Greeter.cls-meta.xml']);
  });

  it('reports a file prettier cannot parse instead of crashing', async () => {
    await workspace.writeClass('Unparsable', 'public class Unparsable {\n');
    const result = await checkFormat(workspace.dir, ['force-app']);
    expect(result.problems).to.have.length(1);
    expect(result.problems[0]!.message).to.match(/^prettier cannot parse it/);
  });

  it('locates the first difference by line and column', () => {
    expect(firstDifference('abc\ndef', 'abc\ndXf')).to.deep.equal({ line: 2, column: 2 });
    expect(firstDifference('same', 'same')).to.deep.equal({ line: 1, column: 5 });
  });
});
