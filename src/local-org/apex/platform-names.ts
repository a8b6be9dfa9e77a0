/**
 * Names of Apex platform namespaces and classes the runtime does not implement. Code that uses them
 * compiles (an org would accept it) and fails at run time with "not supported by the local runtime".
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_ref_guide.htm (namespaces)
 */
const NAMESPACES = [
  'Approval',
  'Auth',
  'Cache',
  'Canvas',
  'ChatterAnswers',
  'CommerceTax',
  'ConnectApi',
  'Database',
  'DataSource',
  'DataWeave',
  'Dom',
  'EventBus',
  'Flow',
  'Functions',
  'Invocable',
  'KbManagement',
  'Messaging',
  'Metadata',
  'Process',
  'QuickAction',
  'Reports',
  'Schema',
  'Search',
  'Site',
  'Support',
  'System',
  'TxnSecurity',
  'UserProvisioning',
  'Wave'
];

const SYSTEM_CLASSES = [
  'Address',
  'ApexPages',
  'Continuation',
  'Cookie',
  'FeatureManagement',
  'Http',
  'HttpRequest',
  'HttpResponse',
  'JSONParser',
  'JSONToken',
  'Location',
  'PageReference',
  'Request',
  'RestContext',
  'RestRequest',
  'RestResponse',
  'Security',
  'SelectOption',
  'SObjectAccessDecision',
  'Url',
  'Version',
  'XmlStreamReader',
  'XmlStreamWriter'
];

const namespaces = new Set(NAMESPACES.map((n) => n.toLowerCase()));
const classes = new Set(SYSTEM_CLASSES.map((n) => n.toLowerCase()));

/** True for a platform namespace or class name (or a dotted name inside a platform namespace). */
export function isKnownPlatformName(name: string): boolean {
  const lower = name.toLowerCase();
  const dot = lower.indexOf('.');
  if (dot < 0) return namespaces.has(lower) || classes.has(lower);
  const first = lower.slice(0, dot);
  return namespaces.has(first);
}
