/** SOAP fault bodies (sf: fault codes, `soapenv:` prefixes as the CLI expects). */
import { escapeXml as xmlEscape } from '../metadata/xml.js';

export const ENV_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

export function soapFault(code: string, message: string): string {
  return `${ENV_OPEN} xmlns:sf="urn:fault.partner.soap.sforce.com"><soapenv:Body><soapenv:Fault><faultcode>sf:${xmlEscape(code)}</faultcode><faultstring>${xmlEscape(`${code}: ${message}`)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}
