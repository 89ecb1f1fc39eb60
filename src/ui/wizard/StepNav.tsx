import { Box, ButtonBase } from '@mui/material';

/**
 * The phone's step indicator: numbered circles joined by a line, the current one named. Each is a
 * button that jumps to its step (nothing typed is lost: the form holds every step's values).
 */
export function StepNav({
  steps,
  active,
  onStep,
}: {
  steps: readonly string[];
  active: number;
  onStep: (index: number) => void;
}) {
  return (
    <Box
      component="ol"
      aria-label="Steps"
      sx={{ display: 'flex', alignItems: 'center', listStyle: 'none', p: 0, m: 0, mb: 2 }}
    >
      {steps.map((label, i) => (
        <Box
          component="li"
          key={label}
          sx={{
            display: 'flex',
            alignItems: 'center',
            // The first step has no line before it, so it takes no spare room.
            flex: i === 0 ? '0 0 auto' : '1 1 0',
          }}
        >
          {i > 0 && (
            <Box
              aria-hidden
              sx={{ flex: 1, minWidth: 8, mx: 0.5, borderTop: 1, borderColor: 'divider' }}
            />
          )}
          <ButtonBase
            onClick={() => onStep(i)}
            aria-label={`Step ${i + 1}: ${label}`}
            aria-current={i === active ? 'step' : undefined}
            sx={{
              borderRadius: 4,
              p: 0.5,
              '&.Mui-focusVisible': { outline: '2px solid', outlineColor: 'primary.main' },
            }}
          >
            <Box
              component="span"
              sx={{
                width: 26,
                height: 26,
                borderRadius: '50%',
                display: 'grid',
                placeItems: 'center',
                fontSize: '0.8rem',
                fontWeight: 600,
                bgcolor: i === active ? 'primary.main' : 'action.selected',
                color: i === active ? 'primary.contrastText' : 'text.primary',
              }}
            >
              {i + 1}
            </Box>
          </ButtonBase>
          {i === active && (
            // The step's name is in the button's label and in the heading below: shown, not repeated.
            <Box
              component="span"
              aria-hidden
              sx={{ fontWeight: 600, fontSize: '0.9rem', ml: 0.5, whiteSpace: 'nowrap' }}
            >
              {label}
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
}
