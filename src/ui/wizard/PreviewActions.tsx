import { memo, useRef, useState } from 'react';
import { Box, Button, Checkbox, FormControlLabel, Stack } from '@mui/material';
import type { Link } from '../../core/model';
import type { Plan } from '../../core/plan';
import { renderBundle, type OutputFormat } from '../../core/render/bundle';
import type { RenderMeta } from '../../core/render/setkey';
import { secretsOfLink, type LinkSecrets } from '../../core/secrets';
import { downloadFile } from './download';
import { parsePlanFile, planFileText, shareFragment } from './values';

export const BUNDLE_NAME = 'ipsec-wizard-bundle.zip';

/** Zips exactly what renderBundle lists; fflate is fetched only when someone asks for a bundle. */
export async function zipBundle(link: Link, meta: RenderMeta, format: OutputFormat) {
  const { zipSync, strToU8 } = await import('fflate');
  const entries: Record<string, [Uint8Array, { os: number; attrs: number }]> = {};
  for (const file of renderBundle(link, meta, format)) {
    const mode = file.secret ? 0o600 : file.executable ? 0o755 : 0o644;
    // Unix permissions in the high half of the external attributes, as zip tools expect.
    entries[file.path] = [strToU8(file.text), { os: 3, attrs: (0o100000 | mode) * 0x10000 }];
  }
  return zipSync(entries, { level: 6 });
}

interface PreviewActionsProps {
  /** The files can be saved: the form is valid and the link built. */
  ready: boolean;
  /** The form holds a valid plan to share. */
  canShare: boolean;
  // Read when clicked: the buttons need not re-render on every keystroke.
  getLink: () => Link | undefined;
  getPlan: () => Plan | undefined;
  meta: RenderMeta;
  format: OutputFormat;
  onLoad: (plan: Plan, secrets?: LinkSecrets) => void;
  /** A secrets.json alone: its keys and SPIs are reused for the SAs of the current plan. */
  onLoadSecrets: (secrets: LinkSecrets) => void;
  onNotify: (message: string) => void;
  onLoadError: (message: string) => void;
}

export const PreviewActions = memo(function PreviewActions({
  ready,
  canShare,
  getLink,
  getPlan,
  meta,
  format,
  onLoad,
  onLoadSecrets,
  onNotify,
  onLoadError,
}: PreviewActionsProps) {
  const [includeKeys, setIncludeKeys] = useState(false);
  const [zipping, setZipping] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const bundle = async () => {
    const link = getLink();
    if (!link) return;
    setZipping(true);
    try {
      downloadFile(
        BUNDLE_NAME,
        (await zipBundle(link, meta, format)) as BlobPart,
        'application/zip',
      );
      onNotify(`Bundle ready: ${BUNDLE_NAME}, a folder per host. It holds the keys.`);
    } finally {
      setZipping(false);
    }
  };
  const savePlan = () => {
    const link = getLink();
    if (!link) return;
    downloadFile(
      'ipsec-plan.json',
      planFileText(link.plan, includeKeys ? secretsOfLink(link) : undefined),
      'application/json',
    );
    onNotify(
      includeKeys ? 'Plan saved with its keys: keep the file secret.' : 'Plan saved, without keys.',
    );
  };
  const share = async () => {
    const plan = getPlan();
    if (!plan) return;
    const url = `${location.origin}${location.pathname}${shareFragment(plan)}`;
    try {
      await navigator.clipboard.writeText(url);
      onNotify('Share link copied. It holds the plan only, never keys.');
    } catch {
      onNotify('Copying was refused by the browser.');
    }
  };
  const load = async (files: File[]) => {
    // A plan and a secrets.json may be picked together: the plan goes first.
    let plan: Plan | undefined;
    let secrets: LinkSecrets | undefined;
    for (const file of files) {
      const result = parsePlanFile(await file.text());
      if ('error' in result) {
        onLoadError(`${file.name}: ${result.error}`);
        return;
      }
      if (result.plan) plan = result.plan;
      if (result.secrets) secrets = result.secrets;
    }
    const names = files.map((f) => f.name).join(' and ');
    if (plan) onLoad(plan, secrets);
    else if (secrets) onLoadSecrets(secrets);
    else return;
    onNotify(`Loaded ${names}${secrets ? ': existing SAs keep their keys and SPIs' : ''}.`);
  };

  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
      <Button size="small" variant="contained" onClick={bundle} disabled={!ready || zipping}>
        Download bundle (.zip)
      </Button>
      <Button size="small" variant="outlined" onClick={share} disabled={!canShare}>
        Copy share link
      </Button>
      <Box sx={{ display: 'inline-flex', alignItems: 'center', flexWrap: 'wrap' }}>
        <Button size="small" variant="outlined" onClick={savePlan} disabled={!ready}>
          Save plan
        </Button>
        <FormControlLabel
          sx={{ ml: 0.5 }}
          control={
            <Checkbox
              size="small"
              checked={includeKeys}
              onChange={(e) => setIncludeKeys(e.target.checked)}
            />
          }
          label="include keys"
        />
      </Box>
      <Button size="small" variant="outlined" onClick={() => fileInput.current?.click()}>
        Load plan
      </Button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        multiple
        hidden
        aria-label="Plan file to load"
        onChange={(e) => {
          void load([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
    </Stack>
  );
});
