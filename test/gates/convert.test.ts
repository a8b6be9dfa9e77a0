import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { checkConvert, placeholderFor } from '../../src/gates/convert.js';
import { checkProjectSchemas } from '../../src/gates/project-schemas.js';
import { GOOD_CLASS, Workspace } from './workspace.js';

describe('gate: convert (source-deploy-retrieve)', () => {
  let workspace: Workspace;
  beforeEach(async () => (workspace = await Workspace.create()));
  afterEach(async () => workspace.dispose());

  it('converts a valid package directory', async () => {
    await workspace.writeClass('Greeter', GOOD_CLASS);
    const result = await checkConvert(workspace.dir);
    expect(result.checked).to.equal(1);
    expect(result.problems).to.deep.equal([]);
  });

  it('rejects malformed metadata XML with its line and column', async () => {
    await workspace.write('force-app/main/default/classes/Greeter.cls', GOOD_CLASS);
    await workspace.write(
      'force-app/main/default/classes/Greeter.cls-meta.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n  <apiVersion>65.0</apiVersion>\n</ApexClas>\n'
    );
    const result = await checkConvert(workspace.dir);
    const xml = result.problems.find((p) => p.rule === 'xml');
    expect(xml, JSON.stringify(result.problems)).to.not.equal(undefined);
    expect(xml).to.include({ file: 'force-app/main/default/classes/Greeter.cls-meta.xml', line: 4 });
  });

  it('rejects a source file that source-deploy-retrieve cannot resolve to a metadata type', async () => {
    await workspace.writeClass('Greeter', GOOD_CLASS);
    await workspace.write('force-app/main/default/classes/Orphan.cls', GOOD_CLASS);
    const result = await checkConvert(workspace.dir);
    expect(result.problems).to.have.length(1);
    expect(result.problems[0]!.rule).to.equal('convert');
    expect(result.problems[0]!.file).to.equal('force-app/main/default/classes/Orphan.cls');
    expect(result.problems[0]!.message).to.contain('belongs to no metadata component');
  });

  it('rejects a replacement token that no replacement entry covers', async () => {
    await workspace.write(
      'force-app/main/default/namedCredentials/Api.namedCredential-meta.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">\n  <label>Api</label>\n  <endpoint>__MY_URL__</endpoint>\n</NamedCredential>\n'
    );
    await workspace.write(
      'force-app/main/default/namedCredentials/Other.namedCredential-meta.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">\n  <label>__MY_URL__</label>\n</NamedCredential>\n'
    );
    const project = JSON.parse(await readFile(path.join(workspace.dir, 'sfdx-project.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    project.replacements = [
      {
        filename: 'force-app/main/default/namedCredentials/Api.namedCredential-meta.xml',
        stringToReplace: '__MY_URL__',
        replaceWithEnv: 'GATE_TEST_MY_URL'
      }
    ];
    await writeFile(path.join(workspace.dir, 'sfdx-project.json'), JSON.stringify(project));
    const result = await checkConvert(workspace.dir);
    expect(process.env.GATE_TEST_MY_URL, 'the placeholder must not leak').to.equal(undefined);
    expect(result.problems).to.have.length(1);
    expect(result.problems[0]!.file).to.match(/Other\.namedCredential$/);
    expect(result.problems[0]!.message).to.contain('__MY_URL__ was not replaced');
  });

  it('uses URL-shaped placeholders for URL variables', () => {
    expect(placeholderFor('X_MY_DOMAIN_URL')).to.match(/^https:\/\//);
    expect(placeholderFor('X_SECRET')).to.equal('placeholder-x_secret');
  });
});

describe('gate: project-schemas', () => {
  let workspace: Workspace;
  beforeEach(async () => (workspace = await Workspace.create()));
  afterEach(async () => workspace.dispose());

  it('accepts the project files of this repository', async () => {
    const { projectRoot } = await import('./workspace.js');
    expect((await checkProjectSchemas(projectRoot)).problems).to.deep.equal([]);
  });

  it('rejects a replacement entry that misses its required properties', async () => {
    await workspace.write('config/project-scratch-def.json', JSON.stringify({ edition: 'Developer' }));
    await workspace.write(
      'sfdx-project.json',
      JSON.stringify({ packageDirectories: [{ path: 'force-app' }], replacements: [{ filename: 'x' }] })
    );
    const result = await checkProjectSchemas(workspace.dir);
    expect(result.problems.length).to.be.greaterThan(0);
    expect(result.problems.every((p) => p.file === 'sfdx-project.json')).to.equal(true);
  });
});

describe('gate: project-schemas, documented scratch features', () => {
  let workspace: Workspace;
  beforeEach(async () => (workspace = await Workspace.create()));
  afterEach(async () => workspace.dispose());

  const def = (features: string[]) => JSON.stringify({ edition: 'Developer', features });

  it('the scratch definition has the features the local external client app page requires', async () => {
    const { projectRoot } = await import('./workspace.js');
    const scratch = JSON.parse(await readFile(path.join(projectRoot, 'config/project-scratch-def.json'), 'utf8')) as {
      features: string[];
      settings: { externalClientAppSettings?: Record<string, boolean> };
    };
    expect(scratch.features).to.include.members(['MultiCurrency', 'ExternalClientApps', 'ExtlClntAppSecretExposeCtl']);
    expect(scratch.settings.externalClientAppSettings).to.deep.include({ enableExternalClientApps: true });
    const result = await checkProjectSchemas(projectRoot);
    expect(result.problems).to.deep.equal([]);
    expect(result.notes.map((n) => n.message)).to.deep.equal([
      'feature ExternalClientApps is not in @salesforce/schemas; allowed because https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.meta_create_a_local_external_client_app.htm documents it',
      'feature ExtlClntAppSecretExposeCtl is not in @salesforce/schemas; allowed because https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.meta_create_a_local_external_client_app.htm documents it'
    ]);
  });

  it('still rejects a feature that is neither in the schema nor documented', async () => {
    await workspace.write(
      'config/project-scratch-def.json',
      def(['MultiCurrency', 'ExternalClientApps', 'NoSuchFeature'])
    );
    const result = await checkProjectSchemas(workspace.dir);
    expect(result.problems.map((p) => p.message)).to.deep.equal([
      '/features/1 must match a schema in anyOf (found "NoSuchFeature")'
    ]);
    expect(result.notes).to.have.length(1);
  });
});
