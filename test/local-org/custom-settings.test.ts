/**
 * Custom settings and unique fields on the local org: hierarchy settings (org, profile and user levels merged
 * by getInstance, exact levels by getValues, getOrgDefaults), list settings (getAll, getInstance/getValues by
 * data set name), one record per level or name, and DUPLICATE_VALUE for any unique field.
 */
import { expect } from 'chai';
import { useLocalOrg } from './helpers.js';
import { apex, deploy } from '../triggers/helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const field = (name: string, type: string, extra = ''): string =>
  `<fields><fullName>${name}</fullName><label>${name}</label><type>${type}</type>${extra}</fields>`;
const setting = (kind: string, fields: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><customSettingsType>${kind}</customSettingsType><label>Setting</label><visibility>Public</visibility>${fields}</CustomObject>`;

describe('local org: custom settings and unique fields', function () {
  this.timeout(120_000);
  const t = useLocalOrg((_org, conn) =>
    deploy(conn, {
      objects: {
        Prefs__c: setting(
          'Hierarchy',
          field('Limit__c', 'Number', '<precision>18</precision><scale>0</scale>') +
            field('Mode__c', 'Text', '<length>20</length>')
        ),
        Countries__c: setting('List', field('Code__c', 'Text', '<length>2</length>')),
        Tag__c: `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><label>Tag</label><pluralLabel>Tags</pluralLabel><nameField><label>Name</label><type>Text</type></nameField><deploymentStatus>Deployed</deploymentStatus><sharingModel>ReadWrite</sharingModel>${field(
          'Code__c',
          'Text',
          '<length>10</length><unique>true</unique>'
        )}${field('Exact__c', 'Text', '<length>10</length><unique>true</unique><caseSensitive>true</caseSensitive>')}</CustomObject>`
      }
    })
  );

  it('merges a hierarchy setting from the user, profile and organization levels', async () => {
    const out = await apex(
      t.org,
      `Id me = UserInfo.getUserId(), profile = UserInfo.getProfileId(), orgId = UserInfo.getOrganizationId();
      Prefs__c none = Prefs__c.getInstance();
      System.debug('none ' + none.Id + ' ' + (none.SetupOwnerId == me) + ' ' + none.Limit__c);
      System.debug('defaults ' + Prefs__c.getOrgDefaults().Id + ' values ' + Prefs__c.getValues(orgId));
      insert new Prefs__c(SetupOwnerId = orgId, Limit__c = 10, Mode__c = 'org');
      insert new Prefs__c(SetupOwnerId = profile, Mode__c = 'profile');
      Prefs__c p = Prefs__c.getInstance();
      System.debug('merged ' + p.Id + ' ' + p.Limit__c + ' ' + p.Mode__c + ' ' + (p.SetupOwnerId == me));
      Prefs__c mine = new Prefs__c(SetupOwnerId = me, Limit__c = 3);
      insert mine;
      Integer queries = Limits.getQueries();
      p = Prefs__c.getInstance();
      System.debug('user ' + (p.Id == mine.Id) + ' ' + p.Limit__c + ' ' + p.Mode__c);
      System.debug('profile ' + Prefs__c.getInstance(profile).Limit__c + ' ' + Prefs__c.getInstance(profile).Mode__c);
      System.debug('exact ' + Prefs__c.getValues(profile).Limit__c + ' ' + Prefs__c.getValues(me).Limit__c);
      System.debug('org ' + Prefs__c.getOrgDefaults().Mode__c + ' ' + Prefs__c.getInstance(me).Limit__c);
      System.debug('queries ' + (Limits.getQueries() - queries));`
    );
    expect(out).to.deep.equal([
      'none null true null',
      'defaults null values null',
      'merged null 10 profile true',
      'user true 3 profile',
      'profile 10 profile',
      'exact null 3',
      'org org 3',
      'queries 0'
    ]);
  });

  it('keeps one hierarchy record per level and one list data set per name (DUPLICATE_VALUE)', async () => {
    const out = await apex(
      t.org,
      `Database.SaveResult r = Database.insert(new Prefs__c(SetupOwnerId = UserInfo.getOrganizationId(), Limit__c = 1), false);
      System.debug(r.getErrors()[0].getStatusCode() + ' ' + r.getErrors()[0].getMessage().substringBefore(': a'));
      System.debug(r.getErrors()[0].getFields());
      insert new List<Countries__c>{ new Countries__c(Name = 'United States', Code__c = 'US'), new Countries__c(Name = 'France', Code__c = 'FR') };
      List<String> names = new List<String>(Countries__c.getAll().keySet());
      names.sort();
      System.debug(names);
      System.debug(Countries__c.getInstance('France').Code__c + ' ' + Countries__c.getValues('United States').Code__c + ' ' + Countries__c.getValues('Spain'));
      r = Database.insert(new Countries__c(Name = 'france', Code__c = 'F2'), false);
      System.debug(r.getErrors()[0].getMessage().substringBefore(' on record'));`
    );
    expect(out).to.deep.equal([
      'DUPLICATE_VALUE duplicate value found: SetupOwnerId duplicates value on record with id',
      '(SetupOwnerId)',
      '(France, United States)',
      'FR US null',
      'duplicate value found: Name duplicates value'
    ]);
  });

  it('refuses a repeated value of a unique field, ignoring case unless the field is case-sensitive', async () => {
    const out = await apex(
      t.org,
      `insert new Tag__c(Name = 'a', Code__c = 'ABC', Exact__c = 'X');
      Database.SaveResult dup = Database.insert(new Tag__c(Name = 'b', Code__c = 'abc'), false);
      System.debug(dup.isSuccess() + ' ' + dup.getErrors()[0].getStatusCode());
      Database.SaveResult other = Database.insert(new Tag__c(Name = 'c', Code__c = 'XYZ', Exact__c = 'x'), false);
      System.debug(other.isSuccess() + ' ' + other.getErrors());
      Tag__c t = [SELECT Id FROM Tag__c WHERE Name = 'c'];
      t.Code__c = 'Abc';
      System.debug(Database.update(t, false).getErrors()[0].getStatusCode());
      t.Code__c = 'XYZ';
      System.debug(Database.update(t, false).isSuccess());`
    );
    expect(out).to.deep.equal(['false DUPLICATE_VALUE', 'true ()', 'DUPLICATE_VALUE', 'true']);
  });
});
