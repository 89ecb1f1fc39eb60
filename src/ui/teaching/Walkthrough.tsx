import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  Typography,
} from '@mui/material';
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Link } from '../../core/model';
import { buildWalkthrough, type PlanPatch } from '../../core/teaching';
import { CommandBlock, EXPAND_ICON, TERMINAL_BLOCK_SX } from './CommandBlock';
import { ThenAndNow } from './ThenAndNow';

export interface WalkthroughProps {
  link: Link;
  /** Given: a last step shows the then-and-now notes with buttons that apply the modern choice. */
  /** The label names the choice, e.g. for a confirmation. */
  onApplyPatch?: (patch: PlanPatch, label: string) => void;
}

/**
 * The article's path with this plan as numbered sections, one open at a time. Each title is a
 * heading holding a button (Tab to reach, Enter or Space to open); Back and Next move focus along.
 */
export function Walkthrough({ link, onApplyPatch }: WalkthroughProps) {
  const steps = useMemo(() => buildWalkthrough(link), [link]);
  const [active, setActive] = useState(0);
  const id = useId();
  const buttons = useRef<(HTMLDivElement | null)[]>([]);
  const total = steps.length + (onApplyPatch ? 1 : 0);

  const go = (index: number) => {
    setActive(index);
    // Keep keyboard users at the step they moved to.
    buttons.current[index]?.focus();
  };

  const navigation = (index: number) => (
    <Box sx={{ mt: 2, display: 'flex', gap: 1 }}>
      <Button disabled={index === 0} onClick={() => go(index - 1)}>
        Back
      </Button>
      {index < total - 1 && (
        <Button variant="contained" onClick={() => go(index + 1)}>
          Next
        </Button>
      )}
    </Box>
  );

  const section = (index: number, title: string, body: ReactNode) => (
    <Accordion
      key={title}
      expanded={active === index}
      onChange={(_event, open) => setActive(open ? index : -1)}
      disableGutters
      slotProps={{ heading: { component: 'h3' } }}
    >
      <AccordionSummary
        expandIcon={EXPAND_ICON}
        ref={(el: HTMLDivElement | null) => {
          buttons.current[index] = el;
        }}
        id={`${id}-${index}-summary`}
        aria-controls={`${id}-${index}-details`}
      >
        <Typography>
          <Box component="span" sx={{ color: 'text.secondary' }}>
            Step {index + 1} of {total}:
          </Box>{' '}
          {title}
        </Typography>
      </AccordionSummary>
      <AccordionDetails id={`${id}-${index}-details`}>
        {body}
        {navigation(index)}
      </AccordionDetails>
    </Accordion>
  );

  return (
    <Box component="section" aria-labelledby={`${id}-heading`}>
      <Typography id={`${id}-heading`} variant="h5" component="h2" gutterBottom>
        Walkthrough: setting up this link by hand
      </Typography>
      {steps.map((step, index) =>
        section(
          index,
          step.title,
          <>
            {step.paragraphs.map((text) => (
              <Typography key={text} sx={{ mb: 1 }}>
                {text}
              </Typography>
            ))}
            {step.commands.map((command) => (
              <CommandBlock key={`${command.label}\n${command.command}`} command={command} />
            ))}
            {step.sampleOutput && (
              <Box sx={{ mt: 1 }}>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  Expected output: {step.sampleOutput.label}
                </Typography>
                <Box
                  component="pre"
                  tabIndex={0}
                  aria-label={`Expected output: ${step.sampleOutput.label}`}
                  sx={TERMINAL_BLOCK_SX}
                >
                  <samp>{step.sampleOutput.text}</samp>
                </Box>
              </Box>
            )}
          </>,
        ),
      )}
      {onApplyPatch &&
        section(
          steps.length,
          'Then and now: what has changed since 2006',
          <ThenAndNow link={link} onApplyPatch={onApplyPatch} headingLevel={4} />,
        )}
    </Box>
  );
}
