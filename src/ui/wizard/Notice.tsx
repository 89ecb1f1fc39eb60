import { useEffect } from 'react';
import { Paper } from '@mui/material';

const SHOWN_MS = 4000;

/**
 * A short confirmation (copied, saved ...) at the bottom of the screen, announced politely to screen
 * readers. The live region stays in the page so that announcements are not missed.
 */
export function Notice({ message, onDone }: { message: string | undefined; onDone: () => void }) {
  useEffect(() => {
    if (message === undefined) return;
    const timer = setTimeout(onDone, SHOWN_MS);
    return () => clearTimeout(timer);
  }, [message, onDone]);
  return (
    <div role="status" aria-live="polite">
      {message !== undefined && (
        <Paper
          elevation={6}
          sx={{
            position: 'fixed',
            left: '50%',
            bottom: 16,
            transform: 'translateX(-50%)',
            zIndex: 1400,
            px: 2,
            py: 1.25,
            maxWidth: 'calc(100vw - 32px)',
            bgcolor: 'text.primary',
            color: 'background.paper',
          }}
        >
          {message}
        </Paper>
      )}
    </div>
  );
}
