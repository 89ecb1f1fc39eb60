import { Box } from '@mui/material';
import type { Link } from '../../core/model';
import type { PlanPatch } from '../../core/teaching';
import { LineExplorer } from './LineExplorer';
import { Troubleshooting } from './Troubleshooting';
import { Walkthrough } from './Walkthrough';

export interface TeachingModeProps {
  link: Link;
  /** The label names the choice, e.g. for a confirmation. */
  onApplyPatch?: (patch: PlanPatch, label: string) => void;
}

/**
 * The whole teaching page for one plan: the walkthrough, troubleshooting, and a line explainer. The
 * view around it says whose plan it is.
 */
export function TeachingMode({ link, onApplyPatch }: TeachingModeProps) {
  return (
    <Box sx={{ display: 'grid', gap: 4, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Walkthrough link={link} {...(onApplyPatch && { onApplyPatch })} />
      <Troubleshooting link={link} />
      <LineExplorer link={link} />
    </Box>
  );
}
