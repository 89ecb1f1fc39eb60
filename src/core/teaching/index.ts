export { buildWalkthrough } from './walkthrough';
export { buildTroubleshooting } from './troubleshooting';
export { applyPlanPatch, buildNextSteps, buildThenAndNow } from './then-and-now';
export type {
  NextStep,
  PlanPatch,
  TeachingCommand,
  ThenAndNowNote,
  TroubleshootingEntry,
  WalkthroughStep,
} from './types';
