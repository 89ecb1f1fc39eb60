import { createTheme } from '@mui/material/styles';

/**
 * Light and dark schemes; MUI picks the one the system prefers (prefers-color-scheme) and follows
 * changes. CSS variables let both schemes share one stylesheet, so switching costs no re-render.
 */
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'media' },
  colorSchemes: {
    light: { palette: { primary: { main: '#1565c0' } } },
    dark: { palette: { primary: { main: '#90caf9' } } },
  },
  typography: { button: { textTransform: 'none' } },
  components: {
    // A clear focus ring for keyboard users on every control, in both schemes.
    MuiButtonBase: {
      defaultProps: { disableRipple: false },
      styleOverrides: {
        root: {
          '&.Mui-focusVisible': {
            outline: '3px solid var(--mui-palette-primary-main)',
            outlineOffset: 2,
          },
        },
      },
    },
  },
});
