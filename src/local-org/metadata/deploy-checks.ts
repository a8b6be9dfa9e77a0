/**
 * Deploy phase "org rules", before anything is applied: the effective test level for the org type,
 * classes that active Apex jobs use
 * (deploy-rules.ts has the rules and their sources).
 */
import type { Store } from '../store/store.js';
import { activeJobConflicts, effectiveTestLevel } from './deploy-rules.js';
import type { DeployMessages } from './deploy-messages.js';
import type { DeployPlan } from './deploy-plan.js';
import type { DeployOptions } from './deploy-types.js';

const TEST_LEVELS_WITH_TESTS = new Set(['RunLocalTests', 'RunAllTestsInOrg', 'RunSpecifiedTests', 'RunRelevantTests']);

export interface TestPlan {
  testLevel: string;
  /** Whether the level runs Apex tests at this deploy. */
  testsWanted: boolean;
  production: boolean;
  /** The Apex classes the deploy carries. */
  deployedClasses: string[];
}

/** Applies the org's deploy rules to the plan; problems go to `messages`. */
export function checkOrgRules(
  store: Store,
  plan: DeployPlan,
  options: DeployOptions,
  messages: DeployMessages
): TestPlan {
  const components = [...plan.components.values()];
  const production = options.production ?? false;
  const hasApex = components.some((c) => c.type === 'ApexClass' || c.type === 'ApexTrigger');
  const testLevel = effectiveTestLevel(options.testLevel, production, hasApex);
  const testsWanted = TEST_LEVELS_WITH_TESTS.has(testLevel);
  const deployedClasses = components.filter((c) => c.type === 'ApexClass').map((c) => c.fullName);
  for (const conflict of activeJobConflicts(store, deployedClasses, options.scheduledClasses?.() ?? [])) {
    const c = plan.components.get(`ApexClass:${conflict.className}`)!;
    messages.fail({ componentType: 'ApexClass', fullName: c.fullName, fileName: c.files[0].path }, conflict.problem);
  }
  return { testLevel, testsWanted, production, deployedClasses };
}
