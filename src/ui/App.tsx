import { lazy, Suspense, useCallback, useRef, useState, type ReactNode } from 'react';
import { AppBar, Box, Button, CssBaseline, Toolbar, Typography } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import type { PlanInput } from '../core/plan';
import type { LinkSecrets } from '../core/secrets';
import { theme } from './theme';
import { createLinkStore } from './wizard/link-store';
import { Wizard, type WizardHandle, type WizardProps } from './wizard/Wizard';

// Rarely opened views load on demand, keeping the first download small.
const CheckView = lazy(() => import('./views/CheckView'));
const LearnView = lazy(() => import('./views/LearnView'));

export const VIEWS = [
  { id: 'wizard', label: 'Wizard' },
  { id: 'check', label: 'Check a file' },
  { id: 'learn', label: 'Learn' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

export interface AppProps {
  initialView?: ViewId;
  /** Passed to the wizard's preview: detail shown next to a selected line. */
  renderLineDetail?: WizardProps['renderLineDetail'];
}

export function App({ initialView = 'wizard', renderLineDetail }: AppProps) {
  const [view, setView] = useState<ViewId>(initialView);
  const wizard = useRef<WizardHandle>(null);
  // A plan from another view (e.g. a checked setkey.conf) goes into the wizard, which then shows.
  const loadIntoWizard = useCallback((plan: PlanInput, secrets?: LinkSecrets) => {
    wizard.current?.load(plan, secrets);
    setView('wizard');
  }, []);
  // The Learn view reads the wizard's link from here, so typing does not re-render the whole app.
  const [wizardLink] = useState(createLinkStore);
  // A modern choice from Learn changes the wizard's plan; the view stays on Learn.
  const applyToWizard = useCallback((plan: PlanInput, secrets: LinkSecrets) => {
    wizard.current?.load(plan, secrets);
  }, []);
  let content: ReactNode = null;
  if (view === 'check') content = <CheckView onLoadPlan={loadIntoWizard} />;
  else if (view === 'learn')
    content = <LearnView wizardLink={wizardLink} onApplyToWizard={applyToWizard} />;

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Box
        component="a"
        href="#main"
        sx={{
          position: 'absolute',
          left: 8,
          top: -48,
          zIndex: 2000,
          p: 1,
          bgcolor: 'background.paper',
          color: 'text.primary',
          '&:focus': { top: 8 },
        }}
      >
        Skip to content
      </Box>
      <AppBar position="static" component="header" elevation={1}>
        <Toolbar sx={{ flexWrap: 'wrap', columnGap: 2, py: { xs: 0.5, sm: 0 } }}>
          <Typography variant="h6" component="p" sx={{ fontWeight: 700, mr: 'auto' }}>
            ipsec-wizard
          </Typography>
          <Box component="nav" aria-label="Views" sx={{ display: 'flex', gap: 0.5 }}>
            {VIEWS.map((v) => (
              <Button
                key={v.id}
                color="inherit"
                aria-current={view === v.id ? 'page' : undefined}
                onClick={() => setView(v.id)}
                sx={{
                  borderBottom: 2,
                  borderColor: view === v.id ? 'currentColor' : 'transparent',
                  borderRadius: 0,
                }}
              >
                {v.label}
              </Button>
            ))}
          </Box>
        </Toolbar>
      </AppBar>
      <Box
        component="main"
        id="main"
        tabIndex={-1}
        sx={{ outline: 'none', px: { xs: 1.5, sm: 3 }, py: 2 }}
      >
        <Suspense
          fallback={
            <Box sx={{ display: 'flex', justifyContent: 'center', py: 6 }}>
              <Typography role="status">Loading…</Typography>
            </Box>
          }
        >
          {content}
        </Suspense>
        {/* The wizard stays mounted while another view shows: nothing typed is lost. */}
        <Box hidden={view !== 'wizard'}>
          <Wizard ref={wizard} renderLineDetail={renderLineDetail} onLinkChange={wizardLink.set} />
        </Box>
      </Box>
    </ThemeProvider>
  );
}
