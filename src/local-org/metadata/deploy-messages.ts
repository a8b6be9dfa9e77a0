/**
 * Deploy phase "result": the component messages a deploy collects as it goes (successes, failures, each
 * a Metadata API DeployMessage) and the DeployResult built from them
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deployresult.htm).
 */
import type { Store } from '../store/store.js';
import type { ComponentMessage, DeployOptions, DeployResultBody } from './deploy-types.js';

type Where = Pick<ComponentMessage, 'componentType' | 'fullName' | 'fileName'>;

/** The messages of one deploy, stamped with its start time. */
export class DeployMessages {
  readonly successes: ComponentMessage[] = [];
  readonly failures: ComponentMessage[] = [];

  constructor(readonly started: string) {}

  message(where: Where, extra: Partial<ComponentMessage>): ComponentMessage {
    return {
      changed: false,
      created: false,
      createdDate: this.started,
      deleted: false,
      success: false,
      ...where,
      ...extra
    };
  }

  /** A component problem, with its position when it has one. */
  fail(where: Where, problem: string, position: { line?: number; column?: number } = {}): void {
    this.failures.push(
      this.message(where, {
        problem,
        problemType: 'Error',
        ...(position.line !== undefined ? { lineNumber: position.line, columnNumber: position.column } : {})
      })
    );
  }

  succeed(where: Where, extra: Partial<ComponentMessage> = {}): void {
    this.successes.push(this.message(where, { success: true, changed: true, ...extra }));
  }

  get failed(): boolean {
    return this.failures.length > 0;
  }
}

/** What a finished deploy reports (DeployResult in the Metadata API): counts, component messages, status. */
export function deployResult(
  store: Store,
  id: string,
  options: DeployOptions,
  started: string,
  outcome: {
    status: 'Succeeded' | 'Failed';
    successes: ComponentMessage[];
    failures: ComponentMessage[];
    total: number;
    deployed: number;
  },
  extra: Partial<DeployResultBody> = {}
): DeployResultBody {
  const now = store.clock.now().toISOString();
  return {
    id,
    checkOnly: options.checkOnly ?? false,
    completedDate: now,
    createdBy: store.userId,
    createdByName: 'Local Admin',
    createdDate: started,
    details: {
      componentSuccesses: outcome.successes,
      componentFailures: outcome.failures,
      runTestResult: { numFailures: 0, numTestsRun: 0, totalTime: 0, failures: [], successes: [] }
    },
    done: true,
    ignoreWarnings: options.ignoreWarnings ?? false,
    lastModifiedDate: now,
    numberComponentErrors: outcome.failures.length,
    numberComponentsDeployed: outcome.deployed,
    numberComponentsTotal: outcome.total,
    numberTestErrors: 0,
    numberTestsCompleted: 0,
    numberTestsTotal: 0,
    rollbackOnError: options.rollbackOnError ?? true,
    runTestsEnabled: false,
    startDate: started,
    status: outcome.status,
    success: outcome.status === 'Succeeded',
    ...extra
  };
}
