/** A Salesforce-shaped API error: `errorCode`, `message`, optional `fields`, and the HTTP status. */
export class SalesforceError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = [],
    readonly status = 400
  ) {
    super(message);
    this.name = 'SalesforceError';
  }

  /** The REST error body element: `{ message, errorCode, fields? }`. */
  toJSON(): { message: string; errorCode: string; fields?: string[] } {
    return this.fields.length > 0
      ? { message: this.message, errorCode: this.errorCode, fields: this.fields }
      : { message: this.message, errorCode: this.errorCode };
  }
}

export const malformedQuery = (message: string): SalesforceError => new SalesforceError('MALFORMED_QUERY', message);

export const invalidField = (message: string): SalesforceError => new SalesforceError('INVALID_FIELD', message);

export const invalidType = (typeName: string): SalesforceError =>
  new SalesforceError(
    'INVALID_TYPE',
    `sObject type '${typeName}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
  );

export const notFound = (message = 'The requested resource does not exist'): SalesforceError =>
  new SalesforceError('NOT_FOUND', message, [], 404);
