import type { ReactNode } from 'react';
import { Typography } from '@mui/material';
import type { OutputFile } from '../../core/render/bundle';

export interface WizardProps {
  renderLineDetail?: (file: OutputFile, lineIndex: number) => ReactNode;
}

export function Wizard(_props: WizardProps) {
  return (
    <Typography variant="h4" component="h1">
      Set up IPsec between hosts
    </Typography>
  );
}
