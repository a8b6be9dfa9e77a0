/**
 * Anonymous Apex through @salesforce/apex-node's ExecuteService (the SOAP executeAnonymous call
 * `sf apex run` makes), and reading values the code printed with System.debug from the log.
 */
import { ExecuteService } from '@salesforce/apex-node';
import type { Connection } from '@salesforce/core';
import { ApexExecutionError, toToolchainError } from './errors.js';

export type AnonymousResult = { logs: string };

/**
 * Executes anonymous Apex and returns its debug log.
 * @param what a short description used in error messages ("Starting the batch")
 * @throws ApexExecutionError when the code does not compile or throws
 */
export async function executeAnonymous(connection: Connection, code: string, what: string): Promise<AnonymousResult> {
  let response;
  try {
    response = await new ExecuteService(connection).executeAnonymous({ apexCode: code, debugLevel: 'DEBUGONLY' });
  } catch (error) {
    // apex-node wraps transport errors as "Unexpected error while executing anonymous apex. <msg>";
    // a SOAP fault arrives as its XML: keep the faultstring only.
    const message = error instanceof Error ? error.message : String(error);
    const fault = /<faultstring>([\s\S]*?)<\/faultstring>/.exec(message)?.[1];
    if (fault) {
      const wrapped = new Error(fault);
      wrapped.name = /^(\w+):/.exec(fault)?.[1] ?? 'SoapFault';
      throw toToolchainError(wrapped);
    }
    throw toToolchainError(error);
  }
  if (!response.success) {
    const d = response.diagnostic?.[0];
    const where =
      d && d.lineNumber !== undefined && Number(d.lineNumber) > 0
        ? ` (line ${d.lineNumber}, column ${d.columnNumber})`
        : '';
    if (!response.compiled) {
      throw new ApexExecutionError(
        what,
        `anonymous Apex did not compile${where}: ${d?.compileProblem ?? 'unknown problem'}`
      );
    }
    const detail = `${d?.exceptionMessage ?? 'unknown exception'}${where}`;
    throw toApexRuntimeError(what, detail);
  }
  return { logs: response.logs ?? '' };
}

function toApexRuntimeError(what: string, detail: string): ApexExecutionError {
  if (/INSUFFICIENT_ACCESS|insufficient privileges|No access to/i.test(detail)) {
    return new ApexExecutionError(what, detail, [
      'Assign the DatedRatesAdmin permission set: npm run setup -- -o <org>'
    ]);
  }
  return new ApexExecutionError(what, detail, [
    'Read the message above; npm run status -- -o <org> shows the job state.'
  ]);
}

/** Escapes a value for an Apex single-quoted string literal. */
export function apexString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/**
 * Reads `MARKER=value` printed by System.debug from a debug log. USER_DEBUG lines look like
 * `12:00:00.1 (1)|USER_DEBUG|[1]|DEBUG|MARKER=value`; a value may span several lines (JSON with
 * newlines), so the value ends at the next log line that starts with a timestamp.
 */
export function readMarker(logs: string, marker: string): string | undefined {
  const lines = logs.split(/\r?\n/);
  const prefix = `${marker}=`;
  for (let i = 0; i < lines.length; i++) {
    // Only a USER_DEBUG line carries the value: the log also echoes the anonymous source
    // ("Execute Anonymous: System.debug('MARKER=' + …);"), which contains the marker too.
    if (!lines[i].includes('|USER_DEBUG|')) continue;
    const at = lines[i].indexOf(prefix);
    if (at === -1) continue;
    const parts = [lines[i].slice(at + prefix.length)];
    for (let j = i + 1; j < lines.length && !/^\d{2}:\d{2}:\d{2}/.test(lines[j]) && lines[j] !== ''; j++) {
      parts.push(lines[j]);
    }
    return parts.join('\n').trim();
  }
  return undefined;
}
