import { Box, Button, Chip, Link, Typography } from '@mui/material';
import type { Finding } from '../../core/setkey/findings';

/** MUI's default warning chip is white on orange (3.2:1); these pass WCAG AA for small text. */
export const SEVERITY_CHIP = {
  error: { bgcolor: '#b71c1c', color: '#fff' },
  warning: { bgcolor: '#7a4100', color: '#fff' },
} as const;

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
            <Chip size="small" label={f.severity} sx={SEVERITY_CHIP[f.severity]} />
            <Link
              component="button"
              type="button"
              onClick={() => onGoToLine(f.line)}
              // The visible position starts the name, so speech and sight agree.
              aria-label={`${f.line}:${f.column}, go to line ${f.line}, column ${f.column}`}
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
