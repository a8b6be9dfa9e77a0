/** The contract between the SOAP Apex API (server/soap.ts) and whoever runs anonymous Apex (org/apex-host.ts). */

/** The executeAnonymous hook the Apex runtime provides; without it execution is reported unsupported. */
export interface AnonymousResult {
  /** False when the runtime's compiler rejects the code (defaults to true). */
  compiled?: boolean;
  compileProblem?: string;
  success: boolean;
  exceptionMessage?: string;
  exceptionStackTrace?: string;
  line?: number;
  column?: number;
  log?: string;
}
/** `sessionId` is the caller's session (what UserInfo.getSessionId() returns in the anonymous block). */
export type AnonymousExecutor = (code: string, context?: { sessionId: string | null }) => Promise<AnonymousResult>;
