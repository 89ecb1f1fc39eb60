import { Box } from '@mui/material';
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Finding } from '../../core/setkey/findings';
import { lineKeyTarget } from '../lineNavigation';
import { visuallyHidden } from '../visuallyHidden';

/** Beyond this many lines the marked copy is not drawn; the findings list still links lines. */
export const MAX_MARKED_LINES = 5000;

export const lineId = (prefix: string, line: number) => `${prefix}-line-${line}`;

const LINE_TINT = { error: '#fdecea', warning: '#fff4e5' } as const;
/** Dark tints for the dark scheme, where light text on the light tints failed contrast. */
const LINE_TINT_DARK = { error: '#3d1414', warning: '#3a2a0c' } as const;
const LINE_BAR = { error: '#b71c1c', warning: '#7a4100' } as const;

/** Wraps the word at each finding's column in <mark>, so the text shows where, not just which line. */
function markColumns(content: string, findings: readonly Finding[]): ReactNode[] | string {
  if (content === '') return ' ';
  const starts = [...new Set(findings.map((f) => f.column - 1))]
    .filter((c) => c >= 0 && c < content.length)
    .sort((a, b) => a - b);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const start of starts) {
    if (start < at) continue;
    const rest = /^\S*/.exec(content.slice(start))?.[0] ?? '';
    const end = start + Math.max(rest.length, 1);
    const severity = findings.some((f) => f.column - 1 === start && f.severity === 'error')
      ? 'error'
      : 'warning';
    parts.push(content.slice(at, start));
    parts.push(
      <Box
        component="mark"
        key={start}
        sx={{
          bgcolor: 'transparent',
          color: 'inherit',
          textDecoration: 'underline wavy',
          textDecorationColor: LINE_BAR[severity],
        }}
      >
        {content.slice(start, end)}
      </Box>,
    );
    at = end;
  }
  parts.push(content.slice(at));
  return parts;
}

interface MarkedTextProps {
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly idPrefix: string;
  readonly label: string;
  /** Shown under the selected line (a click, a tap, or the keyboard focus selects one). */
  readonly renderLineDetail?: (lineIndex: number) => ReactNode;
}

/**
 * A read-only copy of the text with a line-number gutter; lines with findings carry a marker and say
 * what is wrong to screen readers. The list is one Tab stop: arrows move between lines, and the
 * line with focus (also reached from the findings list) is selected and explained.
 */
export function MarkedText({ text, findings, idPrefix, label, renderLineDetail }: MarkedTextProps) {
  const [selected, setSelected] = useState<number | undefined>();
  const [focusIndex, setFocusIndex] = useState<number | undefined>();
  const listRef = useRef<HTMLOListElement>(null);
  const lines = text.split('\n');
  if (lines.length > MAX_MARKED_LINES) return null;
  // Without a line chosen yet, Tab lands on the first line with a finding.
  const firstFinding = Math.max(0, Math.min(...findings.map((f) => f.line - 1), lines.length - 1));
  const active = Math.min(focusIndex ?? firstFinding, lines.length - 1);
  const select = (index: number) => {
    setFocusIndex(index);
    setSelected(index);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const target = lineKeyTarget(event.key, active, lines.length);
    if (target !== undefined) {
      event.preventDefault();
      (listRef.current?.children[target] as HTMLElement | undefined)?.focus();
    } else if (event.key === 'Escape') {
      setSelected(undefined);
    }
  };
  const byLine = new Map<number, Finding[]>();
  for (const f of findings) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  return (
    <Box
      component="ol"
      ref={listRef}
      aria-label={label}
      onKeyDown={onKeyDown}
      sx={{
        listStyle: 'none',
        m: 0,
        p: 0,
        fontFamily: 'monospace',
        fontSize: '0.85rem',
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        // Room for the explanation while a line is selected; a compact list otherwise.
        maxHeight: selected === undefined ? 400 : '80vh',
        overflow: 'auto',
      }}
    >
      {lines.map((content, index) => {
        const line = index + 1;
        const here = byLine.get(line) ?? [];
        const severity = here.some((f) => f.severity === 'error')
          ? 'error'
          : here.length > 0
            ? 'warning'
            : undefined;
        return (
          <Box
            component="li"
            key={line}
            id={lineId(idPrefix, line)}
            tabIndex={index === active ? 0 : -1}
            aria-current={selected === index ? 'true' : undefined}
            data-severity={severity}
            onClick={() => select(index)}
            onFocus={(event) => {
              if (event.target === event.currentTarget) select(index);
            }}
            sx={{
              // The hidden finding text is placed inside the line, so the list's scrolling clips it.
              position: 'relative',
              whiteSpace: 'pre',
              cursor: renderLineDetail ? 'pointer' : undefined,
              '&[aria-current]': { outline: '1px solid', outlineColor: 'primary.main' },
              // A pale tint keeps the text at full contrast; the left bar carries the colour.
              bgcolor: severity ? LINE_TINT[severity] : undefined,
              ...(severity && {
                '@media (prefers-color-scheme: dark)': { bgcolor: LINE_TINT_DARK[severity] },
              }),
              boxShadow: severity ? `inset 4px 0 0 ${LINE_BAR[severity]}` : undefined,
              '&:focus-visible': { outline: '3px solid', outlineColor: 'primary.main' },
            }}
          >
            <Box sx={{ display: 'flex' }}>
              <Box
                component="span"
                aria-hidden="true"
                sx={{
                  minWidth: '4.5em',
                  textAlign: 'right',
                  pr: 1,
                  userSelect: 'none',
                  opacity: 0.8,
                }}
              >
                {severity === 'error' ? '✖ ' : severity === 'warning' ? '▲ ' : ''}
                {line}
              </Box>
              <Box component="code" sx={{ flex: 1 }}>
                {markColumns(content.replace(/\r$/, ''), here)}
              </Box>
              {here.length > 0 && (
                <Box component="span" sx={visuallyHidden}>
                  {` Line ${line}: `}
                  {here.map((f) => `${f.severity}: ${f.message}`).join(' ')}
                </Box>
              )}
            </Box>
            {selected === index && renderLineDetail && (
              <Box
                onClick={(event) => event.stopPropagation()}
                sx={{
                  whiteSpace: 'normal',
                  fontFamily: 'body1.fontFamily',
                  fontSize: '0.875rem',
                  m: 0.5,
                  ml: '4.5em',
                  p: 1,
                  borderLeft: 3,
                  borderColor: 'primary.main',
                  bgcolor: 'background.paper',
                  color: 'text.primary',
                  cursor: 'auto',
                }}
              >
                {renderLineDetail(index)}
              </Box>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
