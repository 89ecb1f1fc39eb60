import { Alert, Box, FormControlLabel, Radio, RadioGroup, Typography } from '@mui/material';
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';

import { buildLink, type Link } from '../../core/model';
import { planSchema, type PlanInput } from '../../core/plan';
import { ARTICLE_HOSTS, PRESETS } from '../../core/presets';
import { describeChoices } from '../../core/render/setkey';
import { secretsOfLink, type LinkSecrets } from '../../core/secrets';
import { applyPlanPatch, type PlanPatch } from '../../core/teaching';
import { TeachingMode } from '../teaching/TeachingMode';
import type { LinkStore } from '../wizard/link-store';

export interface LearnViewProps {
  /** The wizard's current link: when valid, the walkthrough is told with the user's own plan. */
  wizardLink?: LinkStore | undefined;
  /** Loads a changed plan into the wizard, with the SPIs and keys to keep where they still fit. */
  onApplyToWizard?: ((plan: PlanInput, secrets: LinkSecrets) => void) | undefined;
}

type Source = 'yours' | 'article';

const NO_STORE: LinkStore = { get: () => undefined, set: () => {}, subscribe: () => () => {} };

const describe = (link: Link) => link.hosts.map((h) => `${h.name} (${h.address})`).join(', ');

/** The walkthrough told with the wizard's plan, or with the 2006 article's own setup. */
export default function LearnView({ wizardLink = NO_STORE, onApplyToWizard }: LearnViewProps) {
  const yours = useSyncExternalStore(wizardLink.subscribe, wizardLink.get);
  const [chosen, setChosen] = useState<Source | undefined>();
  const [article, setArticle] = useState<Link | undefined>();
  const [articlePlan, setArticlePlan] = useState<PlanInput>(() => ({
    ...PRESETS.article,
    hosts: ARTICLE_HOSTS,
  }));
  const [changed, setChanged] = useState<string | undefined>();
  const id = useId();
  const notice = useRef<HTMLDivElement>(null);
  // The button just pressed disappears once the plan no longer makes that choice: keep focus near.
  useEffect(() => {
    if (changed) notice.current?.focus();
  }, [changed]);
  // Until the person picks, their own plan is the example whenever the wizard holds a valid one.
  const source: Source = chosen ?? (yours ? 'yours' : 'article');

  useEffect(() => {
    let live = true;
    void buildLink(planSchema.parse(articlePlan)).then((built) => {
      if (live) setArticle(built);
    });
    return () => {
      live = false;
    };
  }, [articlePlan]);

  const link = source === 'yours' && yours ? yours : article;
  const applyPatch = (patch: PlanPatch, label: string) => {
    if (source === 'yours' && yours && onApplyToWizard) {
      onApplyToWizard(applyPlanPatch(yours.plan, patch), secretsOfLink(yours));
      setChanged(
        `Your plan in the wizard now does this: ${label}. Its files have new keys where the algorithm changed.`,
      );
    } else {
      setArticlePlan((plan) => applyPlanPatch(plan, patch));
      setChanged(`The example now does this: ${label}. The wizard's own plan is unchanged.`);
    }
  };

  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Learn
      </Typography>
      <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mb: 2 }}>
        <Typography component="legend" sx={{ fontWeight: 600 }}>
          Teach with
        </Typography>
        <RadioGroup
          row
          name={`${id}-source`}
          value={source}
          onChange={(event) => {
            setChosen(event.target.value as Source);
            setChanged(undefined);
          }}
        >
          <FormControlLabel
            value="yours"
            disabled={!yours}
            control={<Radio />}
            label={yours ? `Your plan: ${describe(yours)}` : 'Your plan (fill in the wizard first)'}
          />
          <FormControlLabel
            value="article"
            control={<Radio />}
            label={`The 2006 article's setup: ${ARTICLE_HOSTS.map((h) => h.address).join(' and ')}`}
          />
        </RadioGroup>
      </Box>
      <Typography sx={{ mb: 2 }}>
        {source === 'yours'
          ? 'Every command, SPI and key size below comes from the plan in the wizard: change it there and this page follows.'
          : "This is the 2006 article's example. Fill in the wizard to see the same steps with your own hosts."}{' '}
        Select a line in the wizard&apos;s preview to have it explained token by token.
      </Typography>
      {link && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {describeChoices(link)}
        </Typography>
      )}
      {changed && (
        <Alert
          ref={notice}
          tabIndex={-1}
          severity="success"
          role="status"
          sx={{ mb: 2 }}
          onClose={() => setChanged(undefined)}
        >
          {changed}
        </Alert>
      )}
      {link ? (
        <TeachingMode link={link} onApplyPatch={applyPatch} />
      ) : (
        <Typography role="status">Preparing the example…</Typography>
      )}
    </>
  );
}
