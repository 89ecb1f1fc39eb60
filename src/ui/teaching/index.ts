export { CommandBlock } from './CommandBlock';
export { LineExplanation, type LineExplanationProps } from './LineExplanation';
export { ThenAndNow, type ThenAndNowProps } from './ThenAndNow';
export { Troubleshooting, type TroubleshootingProps } from './Troubleshooting';
export { Walkthrough, type WalkthroughProps } from './Walkthrough';
