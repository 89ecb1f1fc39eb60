import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';
import { Box, Button, Paper, Stack, Typography, useMediaQuery } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { useForm, useWatch } from 'react-hook-form';
import type { Link } from '../../core/model';
import { planSchema, type Plan, type PlanInput } from '../../core/plan';
import type { OutputFormat } from '../../core/render/bundle';
import type { LinkSecrets } from '../../core/secrets';
import { TOOL_VERSION } from '../../core/version';
import type { KeyingInput, KeySourceKind } from './derive';
import type { LineDetailRenderer } from './FileView';
import { HostsSection } from './HostsSection';
import { KeysSection } from './KeysSection';
import { LinkDeriver, NOTHING_DERIVED, type Derived } from './LinkDeriver';
import { OutputSection } from './OutputSection';
import { Preview } from './Preview';
import { Callout } from './Callout';
import { Notice } from './Notice';
import { PreviewActions } from './PreviewActions';
import { ProtectionSection } from './ProtectionSection';
import { StepNav } from './StepNav';
import {
  initialValues,
  planFromFragment,
  valuesFromPlan,
  wizardResolver,
  type PlanProblem,
  type WizardValues,
} from './values';

export interface WizardProps {
  /** Detail shown next to a selected preview line (the teaching explainer plugs in here). */
  renderLineDetail?: LineDetailRenderer | undefined;
  /** Lets another view hand a plan (and its SPIs and keys) to the wizard. */
  ref?: Ref<WizardHandle> | undefined;
  /** Told the current link whenever it changes: undefined while the form has problems. */
  onLinkChange?: ((link: Link | undefined) => void) | undefined;
}

export interface WizardHandle {
  /** Loads a plan into the form; returns the reason when it is not a valid plan. */
  load: (plan: PlanInput, secrets?: LinkSecrets) => string | undefined;
}

/** The derived link when the form has no problems; a shown-but-stale link is not offered. */
const validLink = (derived: Derived) => (derived.problems.length > 0 ? undefined : derived.link);

const STEPS = ['Hosts', 'Protection', 'Keys and SPIs', 'Output', 'Preview'] as const;

/** Which phone step holds a field, so a problem in the banner can lead to it. */
function stepOfField(field: string): number {
  if (field.startsWith('hosts')) return 0;
  if (field.startsWith('spi') || field.startsWith('keys') || field === 'passphrase') return 2;
  return 1;
}

/** The plan in the address's fragment (a share link), read once at start. */
function startingPoint(): { values: WizardValues; error?: string } {
  const fromLink = typeof location === 'undefined' ? undefined : planFromFragment(location.hash);
  if (!fromLink) return { values: initialValues() };
  if ('error' in fromLink) {
    return {
      values: initialValues(),
      error: `The shared link's plan was not loaded: ${fromLink.error}`,
    };
  }
  return { values: valuesFromPlan(fromLink.plan) };
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-labelledby={id} sx={{ mb: 3 }}>
      <Typography id={id} variant="h6" component="h2" gutterBottom>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

export function Wizard({ renderLineDetail, ref, onLinkChange }: WizardProps) {
  const theme = useTheme();
  const desktop = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const wide = useMediaQuery(theme.breakpoints.up('lg'), { noSsr: true });
  const [start] = useState(startingPoint);
  const { control, register, setValue, getValues, reset, setFocus, trigger } =
    useForm<WizardValues>({
      resolver: wizardResolver,
      mode: 'onChange',
      defaultValues: start.values,
      // Steps on a phone unmount fields; their values must stay.
      shouldUnregister: false,
    });

  const [source, setSource] = useState<KeySourceKind>('random');
  const [passphrase, setPassphrase] = useState('');
  const [spiTexts, setSpiTexts] = useState<Record<string, string>>({});
  const [keyTexts, setKeyTexts] = useState<Record<string, string>>({});
  const [format, setFormat] = useState<OutputFormat>('both');
  const [epoch, setEpoch] = useState(0);
  const [derived, setDerived] = useState<Derived>(NOTHING_DERIVED);
  const [notice, setNotice] = useState<string | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>(start.error);
  const [step, setStep] = useState(0);
  const [showAllErrors, setShowAllErrors] = useState(false);
  // Keys live in memory only: a ref, never storage, never the URL.
  const secretsRef = useRef<LinkSecrets | undefined>(undefined);
  const mode = useWatch({ control, name: 'mode' });

  const keying = useMemo<KeyingInput>(
    () => ({ source, spiTexts, keyTexts }),
    [source, spiTexts, keyTexts],
  );
  const meta = useMemo(
    () => ({ toolVersion: TOOL_VERSION, date: new Date().toISOString().slice(0, 10) }),
    [],
  );

  const onSource = useCallback((next: KeySourceKind) => {
    // Keys of another source must not linger as if they were random ones.
    if (secretsRef.current) secretsRef.current = { ...secretsRef.current, keys: {} };
    setSource(next);
  }, []);
  const onRegenerate = useCallback(() => {
    secretsRef.current = undefined;
    setSpiTexts({});
    setKeyTexts({});
    setEpoch((e) => e + 1);
    setNotice('New random keys and SPIs.');
  }, []);
  const onSpiText = useCallback(
    (slot: string, text: string) => setSpiTexts((t) => ({ ...t, [slot]: text })),
    [],
  );
  const onKeyText = useCallback((id: string, text: string) => {
    if (text.trim() === '' && secretsRef.current) {
      // An emptied key goes back to random rather than keeping what was pasted.
      const keys = Object.entries(secretsRef.current.keys).filter(([key]) => key !== id);
      secretsRef.current = { ...secretsRef.current, keys: Object.fromEntries(keys) };
    }
    setKeyTexts((t) => ({ ...t, [id]: text }));
  }, []);
  const onLoad = useCallback(
    (plan: Plan, secrets?: LinkSecrets) => {
      secretsRef.current = secrets;
      setSpiTexts({});
      setKeyTexts({});
      setSource('random');
      setLoadError(undefined);
      reset(valuesFromPlan(plan));
      setEpoch((e) => e + 1);
    },
    [reset],
  );
  const onLoadSecrets = useCallback((secrets: LinkSecrets) => {
    secretsRef.current = secrets;
    setSpiTexts({});
    setKeyTexts({});
    setSource('random');
    setLoadError(undefined);
    setEpoch((e) => e + 1);
  }, []);
  const onNotify = useCallback((message: string) => setNotice(message), []);
  const latest = useRef(derived);
  useEffect(() => {
    latest.current = derived;
    onLinkChange?.(validLink(derived));
  }, [derived, onLinkChange]);
  const getLink = useCallback(() => validLink(latest.current), []);
  const getPlan = useCallback(() => latest.current.plan, []);

  useImperativeHandle(
    ref,
    () => ({
      load: (input: PlanInput, secrets?: LinkSecrets) => {
        const parsed = planSchema.safeParse(input);
        if (parsed.success) {
          onLoad(parsed.data, secrets);
          return undefined;
        }
        const issue = parsed.error.issues[0];
        const message = `The plan was not loaded: ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? ''}`;
        setLoadError(message);
        return message;
      },
    }),
    [onLoad],
  );

  const goToProblem = (problem: PlanProblem) => {
    const field = problem.field;
    if (!field) return;
    if (!desktop) setStep(stepOfField(field));
    setShowAllErrors(true);
    // After the step's fields have mounted.
    setTimeout(() => {
      if (field.startsWith('hosts') || field.startsWith('encryption') || field === 'level') {
        try {
          setFocus(field as never);
        } catch {
          // Not a focusable field (e.g. the host list as a whole).
        }
      }
    }, 0);
  };

  const sections: Record<(typeof STEPS)[number], ReactNode> = {
    Hosts: (
      <HostsSection
        control={control}
        register={register}
        mode={mode}
        showAllErrors={showAllErrors}
      />
    ),
    Protection: (
      <ProtectionSection
        control={control}
        register={register}
        setValue={setValue}
        getValues={getValues}
      />
    ),
    'Keys and SPIs': (
      <KeysSection
        control={control}
        link={derived.link}
        source={source}
        onSource={onSource}
        passphrase={passphrase}
        onPassphrase={setPassphrase}
        deriving={derived.deriving}
        onRegenerate={onRegenerate}
        spiTexts={spiTexts}
        keyTexts={keyTexts}
        fieldErrors={derived.fieldErrors}
        onSpiText={onSpiText}
        onKeyText={onKeyText}
      />
    ),
    Output: <OutputSection format={format} onFormat={setFormat} />,
    Preview: null,
  };

  const stale = derived.problems.length > 0;
  const waiting = derived.waiting === true && !derived.link;
  const previewPanel = (
    <Stack spacing={1.5}>
      <PreviewActions
        ready={!stale && derived.link !== undefined}
        canShare={derived.plan !== undefined}
        getLink={getLink}
        getPlan={getPlan}
        meta={meta}
        format={format}
        onLoad={onLoad}
        onLoadSecrets={onLoadSecrets}
        onNotify={onNotify}
        onLoadError={setLoadError}
      />
      {loadError && (
        <Callout severity="error" role="alert" onClose={() => setLoadError(undefined)}>
          {loadError}
        </Callout>
      )}
      {stale && !waiting && (
        <Callout
          severity="warning"
          role="status"
          title={
            derived.link
              ? 'The preview shows the last valid setup. To update it, fix:'
              : 'To see the files, fix:'
          }
        >
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {derived.problems.slice(0, 6).map((p, i) => (
              <li key={i}>
                {p.field ? (
                  <Button
                    size="small"
                    variant="text"
                    onClick={() => goToProblem(p)}
                    sx={{ textAlign: 'left', p: 0, minWidth: 0, textDecoration: 'underline' }}
                  >
                    {p.message}
                  </Button>
                ) : (
                  p.message
                )}
              </li>
            ))}
            {derived.problems.length > 6 && <li>and {derived.problems.length - 6} more.</li>}
          </Box>
        </Callout>
      )}
      {derived.link ? (
        <Box sx={stale ? { opacity: 0.6 } : undefined}>
          <Preview
            link={derived.link}
            format={format}
            meta={meta}
            wide={wide}
            renderLineDetail={renderLineDetail}
            onNotify={onNotify}
          />
        </Box>
      ) : (
        (waiting || !stale) && (
          <Typography color="text.secondary">
            Type the hosts&rsquo; addresses: each host&rsquo;s files appear here as you type.
          </Typography>
        )
      )}
    </Stack>
  );

  const heading = (
    <Typography variant="h5" component="h1" gutterBottom>
      Set up IPsec between hosts
    </Typography>
  );

  const next = async () => {
    if (step === 0 && !(await trigger('hosts'))) {
      setShowAllErrors(true);
      return;
    }
    setStep((s) => Math.min(STEPS.length - 1, s + 1));
    window.scrollTo?.({ top: 0 });
  };

  return (
    <>
      <LinkDeriver
        control={control}
        keying={keying}
        passphrase={passphrase}
        format={format}
        epoch={epoch}
        secretsRef={secretsRef}
        onResult={setDerived}
      />
      {desktop ? (
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: 'minmax(0, 5fr) minmax(0, 7fr)',
            gap: 3,
            height: { md: 'calc(100vh - 64px - 32px)' },
          }}
        >
          <Box
            component="form"
            aria-label="Plan"
            noValidate
            onSubmit={(e) => e.preventDefault()}
            sx={{ overflowY: 'auto', pr: 1.5 }}
          >
            {heading}
            {(['Hosts', 'Protection', 'Keys and SPIs', 'Output'] as const).map((name) => (
              <Section key={name} id={`section-${name.replace(/\W+/g, '-')}`} title={name}>
                {sections[name]}
              </Section>
            ))}
          </Box>
          <Paper
            component="section"
            aria-labelledby="preview-heading"
            variant="outlined"
            sx={{ overflowY: 'auto', p: 2 }}
          >
            <Typography id="preview-heading" variant="h6" component="h2" gutterBottom>
              Preview
            </Typography>
            {previewPanel}
          </Paper>
        </Box>
      ) : (
        <Box component="form" aria-label="Plan" noValidate onSubmit={(e) => e.preventDefault()}>
          {heading}
          <StepNav steps={STEPS} active={step} onStep={setStep} />
          <Section id="step-heading" title={`${step + 1}. ${STEPS[step] ?? ''}`}>
            {step === STEPS.length - 1 ? previewPanel : sections[STEPS[step] ?? 'Hosts']}
          </Section>
          <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between', pb: 2 }}>
            <Button
              variant="outlined"
              disabled={step === 0}
              onClick={() => setStep((s) => Math.max(0, s - 1))}
            >
              Back
            </Button>
            {step < STEPS.length - 1 && (
              <Button variant="contained" onClick={() => void next()}>
                Next: {STEPS[step + 1]}
              </Button>
            )}
          </Stack>
        </Box>
      )}
      <Notice message={notice} onDone={() => setNotice(undefined)} />
    </>
  );
}
