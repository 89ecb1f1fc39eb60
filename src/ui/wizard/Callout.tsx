import type { ReactNode } from 'react';
import { Box, Button } from '@mui/material';

export type CalloutSeverity = 'info' | 'warning' | 'error';

const MARK: Record<CalloutSeverity, string> = { info: 'i', warning: '!', error: '×' };

/**
 * A message box with a coloured edge and a mark, readable in both schemes. Lighter than MUI's Alert
 * (no icon set), which matters for the first download.
 */
export function Callout({
  severity,
  title,
  children,
  role,
  onClose,
}: {
  severity: CalloutSeverity;
  title?: ReactNode;
  children: ReactNode;
  role?: 'alert' | 'status';
  onClose?: () => void;
}) {
  const color = `${severity}.main`;
  return (
    <Box
      role={role}
      sx={{
        display: 'flex',
        gap: 1.25,
        alignItems: 'flex-start',
        border: 1,
        borderLeft: 6,
        borderColor: color,
        borderRadius: 1,
        px: 1.5,
        py: 1,
        bgcolor: 'background.paper',
        color: 'text.primary',
        fontSize: '0.875rem',
      }}
    >
      <Box
        component="span"
        aria-hidden
        sx={{
          flex: '0 0 auto',
          width: 20,
          height: 20,
          mt: 0.25,
          borderRadius: '50%',
          display: 'grid',
          placeItems: 'center',
          fontWeight: 700,
          fontSize: '0.8rem',
          bgcolor: color,
          color: 'common.black',
        }}
      >
        {MARK[severity]}
      </Box>
      <Box sx={{ flex: 1, minWidth: 0 }}>
        {title && <Box sx={{ fontWeight: 600, mb: 0.5 }}>{title}</Box>}
        {children}
      </Box>
      {onClose && (
        <Button size="small" onClick={onClose} sx={{ minWidth: 0 }}>
          Dismiss
        </Button>
      )}
    </Box>
  );
}
