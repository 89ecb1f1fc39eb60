import { Box, Typography } from '@mui/material';
import { useMemo } from 'react';
import {
  TOKEN_KIND_LABELS,
  explainLine,
  type ExplainFormat,
  type ExplainedToken,
  type TokenKind,
} from '../../core/explain';
import type { Link } from '../../core/model';

export interface LineExplanationProps {
  format: ExplainFormat;
  line: string;
  link?: Link;
  hostName?: string;
  /** For a setkey line continuing a statement: its first line (see findStatementStart). */
  statementStart?: string;
  /** Accessible name of the region; make it unique when several explanations share a page. */
  label?: string;
}

/** Colours group the token kinds only visually; the kind is always written out as well. */
const MARK: Partial<Record<TokenKind, string>> = {
  address: 'info.main',
  spi: 'secondary.main',
  key: 'warning.main',
  'encryption-algorithm': 'success.main',
  'integrity-algorithm': 'success.main',
  direction: 'primary.main',
  template: 'primary.main',
  level: 'primary.main',
  unknown: 'error.main',
};

/** Keys are not repeated in full: the file preview already decides whether to show them. */
const shown = (token: ExplainedToken): string =>
  token.kind === 'key' && token.text.length > 10 ? `${token.text.slice(0, 6)}…` : token.text;

export function LineExplanation({
  format,
  line,
  link,
  hostName,
  statementStart,
  label = 'Explanation of the selected line',
}: LineExplanationProps) {
  const explanation = useMemo(
    () =>
      explainLine(format, line, {
        ...(link && { link }),
        ...(hostName && { hostName }),
        ...(statementStart !== undefined && { statementStart }),
      }),
    [format, line, link, hostName, statementStart],
  );
  const { summary, tokens } = explanation;
  return (
    <Box component="section" aria-label={label} sx={{ minWidth: 0 }}>
      <Typography sx={{ mb: 1 }}>{summary}</Typography>
      {tokens.length > 0 && (
        <>
          <Box
            component="pre"
            aria-hidden="true"
            sx={{ m: 0, mb: 1, p: 1, overflowX: 'auto', bgcolor: 'action.hover', borderRadius: 1 }}
          >
            {tokens.map((token, index) => (
              <Box
                key={`${token.start}-${index}`}
                component="span"
                sx={{
                  mr: 1,
                  borderBottom: '3px solid',
                  borderColor: MARK[token.kind] ?? 'grey.500',
                }}
              >
                {shown(token)}
              </Box>
            ))}
          </Box>
          <Box component="dl" sx={{ m: 0 }}>
            {tokens.map((token, index) => (
              <Box key={`${token.start}-${index}`} sx={{ mb: 1 }}>
                <Typography component="dt" sx={{ fontWeight: 600 }}>
                  <Box
                    component="code"
                    sx={{
                      borderBottom: '3px solid',
                      borderColor: MARK[token.kind] ?? 'grey.500',
                      wordBreak: 'break-all',
                    }}
                  >
                    {shown(token)}
                  </Box>{' '}
                  <Box
                    component="span"
                    sx={{ color: token.kind === 'unknown' ? 'error.main' : 'text.secondary' }}
                  >
                    ({TOKEN_KIND_LABELS[token.kind]})
                  </Box>
                </Typography>
                <Typography component="dd" sx={{ ml: 2 }}>
                  {token.explanation}
                </Typography>
              </Box>
            ))}
          </Box>
        </>
      )}
    </Box>
  );
}
