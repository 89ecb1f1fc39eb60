export { CommandBlock } from './CommandBlock';
export {
  FileLineExplanation,
  TextLineExplanation,
  type FileLineExplanationProps,
  type TextLineExplanationProps,
} from './FileLineExplanation';
export { LineExplanation, type LineExplanationProps } from './LineExplanation';
export { LineExplorer, type LineExplorerProps } from './LineExplorer';
export { TeachingMode, type TeachingModeProps } from './TeachingMode';
export { ThenAndNow, type ThenAndNowProps } from './ThenAndNow';
export { Troubleshooting, type TroubleshootingProps } from './Troubleshooting';
export { Walkthrough, type WalkthroughProps } from './Walkthrough';
