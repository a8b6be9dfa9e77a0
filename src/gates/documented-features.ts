/**
 * Scratch-org features that Salesforce documents but that the published JSON schema
 * (@salesforce/schemas' project-scratch-def.schema.json) does not list. The project-schemas gate
 * accepts exactly these, each with the page that documents it, and validates everything else
 * against the schema; a feature that is neither in the schema nor here still fails.
 */
export type DocumentedFeature = { name: string; source: string };

const LOCAL_ECA_PAGE =
  'https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.meta_create_a_local_external_client_app.htm';

export const DOCUMENTED_FEATURES: readonly DocumentedFeature[] = [
  // "In the features field, add ExternalClientApps and ExtlClntAppSecretExposeCtl."
  { name: 'ExternalClientApps', source: LOCAL_ECA_PAGE },
  { name: 'ExtlClntAppSecretExposeCtl', source: LOCAL_ECA_PAGE }
];

/** The documented feature of that name (case-insensitive, as scratch-org features are), if any. */
export function documentedFeature(name: string): DocumentedFeature | undefined {
  return DOCUMENTED_FEATURES.find((f) => f.name.toLowerCase() === name.toLowerCase());
}
