/** SOAP endpoints: Metadata API (/services/Soap/m/<ver>) and Apex API (/services/Soap/s/<ver>). */
import type { RequestContext } from './context.js';
import { sendXml, xmlEscape } from './http-util.js';

export function soapFault(code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com">' +
    `<soapenv:Body><soapenv:Fault><faultcode>sf:${xmlEscape(code)}</faultcode><faultstring>${xmlEscape(`${code}: ${message}`)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

export function handleSoap(ctx: RequestContext, _parts: string[]): void {
  sendXml(ctx.res, 500, soapFault('UNKNOWN_EXCEPTION', 'this SOAP API is not supported by the local org yet'));
}
