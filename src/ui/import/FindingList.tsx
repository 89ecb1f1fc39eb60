import { Box, Button, Chip, Link, Typography } from '@mui/material';
import type { Finding } from '../../core/setkey/findings';

interface FindingListProps {
  readonly findings: readonly Finding[];
  readonly label: string;
  /** Moves focus to the line in the marked text. */
  readonly onGoToLine: (line: number) => void;
  readonly onApplyFix?: (finding: Finding) => void;
}

export function FindingList({ findings, label, onGoToLine, onApplyFix }: FindingListProps) {
  if (findings.length === 0) return null;
  return (
    <Box component="ul" aria-label={label} sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {findings.map((f, index) => (
        <Box
          component="li"
          key={`${f.line}:${f.column}:${f.code}:${index}`}
          sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}
        >
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'baseline', flexWrap: 'wrap' }}>
            <Chip
              size="small"
              color={f.severity === 'error' ? 'error' : 'warning'}
              label={f.severity}
            />
            <Link
              component="button"
              type="button"
              onClick={() => onGoToLine(f.line)}
              aria-label={`Go to line ${f.line}, column ${f.column}`}
              sx={{ fontFamily: 'monospace' }}
            >
              {f.line}:{f.column}
            </Link>
            <Typography component="span">{f.message}</Typography>
          </Box>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            How to fix: {f.hint}
          </Typography>
          {f.fix && onApplyFix && (
            <Button size="small" variant="outlined" sx={{ mt: 0.5 }} onClick={() => onApplyFix(f)}>
              Apply fix: {f.fix.label}
            </Button>
          )}
        </Box>
      ))}
    </Box>
  );
}
