import { Typography } from '@mui/material';

import type { PlanInput } from '../../core/plan';
import type { LinkSecrets } from '../../core/secrets';
import { ImportPanel } from '../import/ImportPanel';
import { visuallyHidden } from '../visuallyHidden';

export interface CheckViewProps {
  /** Loads a plan (and its SPIs and keys) into the wizard and shows it. */
  onLoadPlan?: (plan: PlanInput, secrets?: LinkSecrets) => void;
}

/** Checks existing setkey.conf files with the core's linter; a clean import goes to the wizard. */
export default function CheckView({ onLoadPlan }: CheckViewProps) {
  return (
    <>
      {/* The panel carries the visible heading; the page still needs its h1 for screen readers. */}
      <Typography component="h1" sx={visuallyHidden}>
        Check a file
      </Typography>
      <ImportPanel onLoadPlan={(plan, secrets) => onLoadPlan?.(plan, secrets)} />
    </>
  );
}
