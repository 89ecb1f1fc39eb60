import { Box, Typography } from '@mui/material';
import type { Link } from '../../core/model';
import type { PlanPatch } from '../../core/teaching';
import { LineExplorer } from './LineExplorer';
import { Troubleshooting } from './Troubleshooting';
import { Walkthrough } from './Walkthrough';

export interface TeachingModeProps {
  link: Link;
  onApplyPatch?: (patch: PlanPatch) => void;
}

/** The whole teaching page for one plan: the walkthrough, troubleshooting, and a line explainer. */
export function TeachingMode({ link, onApplyPatch }: TeachingModeProps) {
  return (
    <Box sx={{ display: 'grid', gap: 4, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Typography>
        This page follows the classic manual-keying setup step by step with the plan it is given:
        the hosts, SPIs and key sizes below are the ones in that plan's files.
      </Typography>
      <Walkthrough link={link} {...(onApplyPatch && { onApplyPatch })} />
      <Troubleshooting link={link} />
      <LineExplorer link={link} />
    </Box>
  );
}
