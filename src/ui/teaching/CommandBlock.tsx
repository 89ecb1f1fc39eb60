import { Box, Button, Stack, Typography } from '@mui/material';
import { useEffect, useId, useState } from 'react';
import type { TeachingCommand } from '../../core/teaching';

/** A plain chevron: the project has no icon package, and the summary text carries the meaning. */
export const EXPAND_ICON = (
  <Box component="span" aria-hidden="true" sx={{ fontSize: '1.1rem', lineHeight: 1 }}>
    ▾
  </Box>
);

/** A scrollable, focusable block of terminal text: commands and the output they print. */
export const TERMINAL_BLOCK_SX = {
  m: 0,
  p: 1,
  overflowX: 'auto',
  bgcolor: 'action.hover',
  borderRadius: 1,
  fontSize: '0.85rem',
  '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' },
} as const;

type CopyState = 'idle' | 'copied' | 'failed';

/** One command in a code block with a Copy button and a visible, announced result. */
export function CommandBlock({ command }: { command: TeachingCommand }) {
  const [state, setState] = useState<CopyState>('idle');
  const labelId = useId();

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(command.command);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <Box sx={{ my: 1.5 }}>
      <Typography id={labelId} variant="body2" sx={{ fontWeight: 600 }}>
        {command.label}
        {command.host ? ` (on ${command.host})` : ''}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <Box
          component="pre"
          tabIndex={0}
          aria-labelledby={labelId}
          sx={{ ...TERMINAL_BLOCK_SX, flex: 1, minWidth: 0 }}
        >
          <code>{command.command}</code>
        </Box>
        <Button
          variant="outlined"
          size="small"
          onClick={() => void copy()}
          aria-label={`Copy: ${command.label}`}
        >
          Copy
        </Button>
      </Stack>
      <Typography
        role="status"
        variant="body2"
        sx={{ minHeight: '1.5em', color: state === 'failed' ? 'error.main' : 'success.main' }}
      >
        {state === 'copied' && 'Copied to the clipboard.'}
        {state === 'failed' &&
          'Copying is not allowed here: select the command and press Ctrl+C (Cmd+C on a Mac).'}
      </Typography>
    </Box>
  );
}
