import { memo, useRef, type KeyboardEvent } from 'react';
import { Box, ButtonBase } from '@mui/material';

/**
 * A small ARIA tab list (arrow keys move between tabs, the chosen tab is the only Tab stop). MUI's
 * Tabs brings scroll buttons and measuring code that the first download can do without.
 */
function TabListView({
  label,
  idBase,
  items,
  value,
  onChange,
}: {
  label: string;
  idBase: string;
  items: readonly string[];
  value: number;
  onChange: (index: number) => void;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent) => {
    const last = items.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: value === last ? 0 : value + 1,
      ArrowLeft: value === 0 ? last : value - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onChange(next);
    refs.current[next]?.focus();
  };
  return (
    <Box
      role="tablist"
      aria-label={label}
      onKeyDown={onKeyDown}
      sx={{
        display: 'flex',
        overflowX: 'auto',
        borderBottom: 1,
        borderColor: 'divider',
        mb: 1,
      }}
    >
      {items.map((item, i) => (
        <ButtonBase
          key={item}
          ref={(el) => {
            refs.current[i] = el;
          }}
          role="tab"
          id={`${idBase}-tab-${i}`}
          aria-selected={i === value}
          aria-controls={`${idBase}-panel`}
          tabIndex={i === value ? 0 : -1}
          onClick={() => onChange(i)}
          sx={{
            px: 1.5,
            py: 1,
            flexShrink: 0,
            fontSize: '0.875rem',
            fontWeight: 500,
            color: i === value ? 'primary.main' : 'text.secondary',
            borderBottom: 2,
            borderColor: i === value ? 'primary.main' : 'transparent',
            '&.Mui-focusVisible': { outline: '2px solid', outlineColor: 'primary.main' },
          }}
        >
          {item}
        </ButtonBase>
      ))}
    </Box>
  );
}

/** Items compared by content: callers build the list afresh on each render. */
export const TabList = memo(
  TabListView,
  (a, b) =>
    a.label === b.label &&
    a.idBase === b.idBase &&
    a.value === b.value &&
    a.onChange === b.onChange &&
    a.items.join('\n') === b.items.join('\n'),
);
