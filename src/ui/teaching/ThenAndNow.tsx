import { Box, Button, Chip, Paper, Typography } from '@mui/material';
import { useId, useMemo } from 'react';
import type { Link } from '../../core/model';
import { buildNextSteps, buildThenAndNow, type PlanPatch } from '../../core/teaching';

export interface ThenAndNowProps {
  link: Link;
  /** The label names the choice, e.g. for a confirmation. */
  onApplyPatch?: (patch: PlanPatch, label: string) => void;
  /** Level of this section's heading; items go one level below. */
  headingLevel?: 2 | 3 | 4;
}

const heading = (level: number) => `h${Math.min(level, 6)}` as 'h2' | 'h3' | 'h4' | 'h5';

/** The 2006 choices next to today's advice; the modern choice is one click away. */
export function ThenAndNow({ link, onApplyPatch, headingLevel = 2 }: ThenAndNowProps) {
  const notes = useMemo(() => buildThenAndNow(link), [link]);
  const next = useMemo(() => buildNextSteps(link), [link]);
  const id = useId();
  return (
    <Box component="section" aria-labelledby={`${id}-heading`}>
      <Typography id={`${id}-heading`} variant="h5" component={heading(headingLevel)} gutterBottom>
        Then and now
      </Typography>
      {notes.map((note) => (
        <Paper
          key={note.id}
          variant="outlined"
          component="article"
          aria-labelledby={`${id}-${note.id}`}
          sx={{ p: 2, mb: 2 }}
        >
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
            <Typography id={`${id}-${note.id}`} variant="h6" component={heading(headingLevel + 1)}>
              {note.topic}
            </Typography>
            {note.applies && <Chip size="small" color="warning" label="Your plan does this" />}
          </Box>
          <Typography sx={{ mt: 1 }}>
            <strong>Then: </strong>
            {note.then}
          </Typography>
          <Typography sx={{ mt: 1 }}>
            <strong>Now: </strong>
            {note.now}
          </Typography>
          {note.applies && note.patch && onApplyPatch && (
            <Button
              sx={{ mt: 1 }}
              variant="contained"
              onClick={() => note.patch && onApplyPatch(note.patch, note.patchLabel ?? note.topic)}
            >
              Use the modern choice: {note.patchLabel}
            </Button>
          )}
        </Paper>
      ))}
      <Typography variant="h6" component={heading(headingLevel + 1)} sx={{ mt: 2 }}>
        Next steps
      </Typography>
      {next.map((step) => (
        <Box key={step.id} sx={{ mb: 2 }}>
          <Typography sx={{ fontWeight: 600 }}>{step.title}</Typography>
          {step.paragraphs.map((text) => (
            <Typography key={text} sx={{ mt: 0.5 }}>
              {text}
            </Typography>
          ))}
        </Box>
      ))}
    </Box>
  );
}
