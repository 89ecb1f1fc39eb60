import { Typography } from '@mui/material';

import type { PlanInput } from '../../core/plan';
import type { LinkSecrets } from '../../core/secrets';

export interface CheckViewProps {
  /** Loads a plan (and its SPIs and keys) into the wizard and shows it. */
  onLoadPlan?: (plan: PlanInput, secrets?: LinkSecrets) => void;
}

/** Placeholder for checking an existing setkey.conf; the import panel replaces it. */
export default function CheckView(_props: CheckViewProps) {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Check a file
      </Typography>
      <Typography>
        Coming soon: paste or pick an existing setkey.conf to have it checked line by line. Until
        then the command line does it: <code>bin/ipsec-wizard lint setkey.conf</code>.
      </Typography>
    </>
  );
}
