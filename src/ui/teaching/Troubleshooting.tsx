import { Accordion, AccordionDetails, AccordionSummary, Box, Typography } from '@mui/material';
import { useId, useMemo } from 'react';
import type { Link } from '../../core/model';
import { buildTroubleshooting } from '../../core/teaching';
import { CommandBlock, EXPAND_ICON } from './CommandBlock';

export interface TroubleshootingProps {
  link: Link;
}

/** Symptoms as expandable headings; each opens its cause, the fix and commands to check. */
export function Troubleshooting({ link }: TroubleshootingProps) {
  const entries = useMemo(() => buildTroubleshooting(link), [link]);
  const id = useId();
  return (
    <Box component="section" aria-labelledby={`${id}-heading`}>
      <Typography id={`${id}-heading`} variant="h5" component="h2" gutterBottom>
        When it does not work
      </Typography>
      {entries.map((entry) => (
        <Accordion key={entry.id} disableGutters slotProps={{ heading: { component: 'h3' } }}>
          <AccordionSummary
            expandIcon={EXPAND_ICON}
            id={`${id}-${entry.id}-summary`}
            aria-controls={`${id}-${entry.id}-details`}
          >
            <Typography>{entry.symptom}</Typography>
          </AccordionSummary>
          <AccordionDetails id={`${id}-${entry.id}-details`}>
            <Typography sx={{ mb: 1 }}>
              <strong>Cause: </strong>
              {entry.cause}
            </Typography>
            <Typography sx={{ mb: 1 }}>
              <strong>Fix: </strong>
              {entry.fix}
            </Typography>
            {entry.commands.map((command) => (
              <CommandBlock key={`${command.label}\n${command.command}`} command={command} />
            ))}
          </AccordionDetails>
        </Accordion>
      ))}
    </Box>
  );
}
