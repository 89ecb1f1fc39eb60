import { memo, useState } from 'react';
import {
  Box,
  Button,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  IconButton,
  InputAdornment,
  Radio,
  RadioGroup,
  Stack,
  Typography,
} from '@mui/material';
import { Controller, type Control } from 'react-hook-form';
import { SPI_STRATEGY_OPTIONS } from '../../core/form-options';
import { MIN_PASSPHRASE_LENGTH, PBKDF2_ITERATIONS } from '../../core/keys';
import { Callout } from './Callout';
import { Field } from './Field';
import type { Link } from '../../core/model';
import type { KeySourceKind } from './derive';
import { SaTable } from './SaTable';
import type { WizardValues } from './values';

const SOURCES: { value: KeySourceKind; label: string; description: string }[] = [
  {
    value: 'random',
    label: 'Random',
    description: 'Fresh keys from this browser\u2019s cryptographic generator. The best choice.',
  },
  {
    value: 'passphrase',
    label: 'From a passphrase',
    description:
      'The same passphrase and plan give the same keys anywhere (PBKDF2, then HKDF per SA).',
  },
  {
    value: 'manual',
    label: 'Pasted by hand',
    description: 'Paste each SA\u2019s key in the table below; keys left empty stay random.',
  },
];

interface KeysSectionProps {
  control: Control<WizardValues>;
  link: Link | undefined;
  source: KeySourceKind;
  onSource: (source: KeySourceKind) => void;
  passphrase: string;
  onPassphrase: (text: string) => void;
  deriving: boolean;
  onRegenerate: () => void;
  spiTexts: Readonly<Record<string, string>>;
  keyTexts: Readonly<Record<string, string>>;
  fieldErrors: Readonly<Record<string, string>>;
  onSpiText: (slot: string, text: string) => void;
  onKeyText: (keyId: string, text: string) => void;
}

type KeySourceProps = Pick<
  KeysSectionProps,
  'control' | 'source' | 'onSource' | 'passphrase' | 'onPassphrase' | 'deriving' | 'onRegenerate'
>;

/** Everything but the SA table: it does not change when the link does, so it is not re-rendered. */
const KeySourceControls = memo(function KeySourceControls(props: KeySourceProps) {
  const { control, source, passphrase, deriving } = props;
  const [showPassphrase, setShowPassphrase] = useState(false);
  const tooShort = passphrase.length > 0 && passphrase.length < MIN_PASSPHRASE_LENGTH;
  return (
    <Stack spacing={2}>
      <Callout severity="info">
        Keys are generated in this browser with Web Crypto and never sent anywhere. The browser does
        not wipe its memory afterwards: close the tab when done. Manual keys never change by
        themselves; for a long-lived link prefer IKE (strongSwan, Libreswan).
      </Callout>
      <FormControl>
        <FormLabel>Keys</FormLabel>
        <RadioGroup
          value={source}
          onChange={(e) => props.onSource(e.target.value as KeySourceKind)}
        >
          {SOURCES.map((s) => (
            <FormControlLabel key={s.value} value={s.value} control={<Radio />} label={s.label} />
          ))}
        </RadioGroup>
        <FormHelperText>{SOURCES.find((s) => s.value === source)?.description}</FormHelperText>
      </FormControl>
      {source === 'passphrase' && (
        <Box>
          <Field
            label="Passphrase"
            type={showPassphrase ? 'text' : 'password'}
            fullWidth
            autoComplete="off"
            value={passphrase}
            onChange={(e) => props.onPassphrase(e.target.value)}
            error={tooShort}
            helperText={
              tooShort
                ? `At least ${MIN_PASSPHRASE_LENGTH} characters (${passphrase.length} so far).`
                : `At least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well.`
            }
            endAdornment={
              <InputAdornment position="end">
                <IconButton
                  onClick={() => setShowPassphrase((v) => !v)}
                  edge="end"
                  size="small"
                  aria-label={showPassphrase ? 'Hide passphrase' : 'Show passphrase'}
                >
                  <Box component="span" aria-hidden sx={{ fontSize: 14 }}>
                    {showPassphrase ? 'Hide' : 'Show'}
                  </Box>
                </IconButton>
              </InputAdornment>
            }
          />
          {deriving && (
            <Box sx={{ mt: 1 }}>
              <Box
                component="progress"
                aria-label="Deriving keys from the passphrase"
                sx={{ width: '100%', accentColor: 'var(--mui-palette-primary-main)' }}
              />
              <Typography variant="body2" color="text.secondary" role="status">
                Deriving keys from the passphrase ({PBKDF2_ITERATIONS.toLocaleString('en')} rounds
                of PBKDF2)…
              </Typography>
            </Box>
          )}
        </Box>
      )}
      {source !== 'passphrase' && (
        <Box>
          <Button variant="outlined" onClick={props.onRegenerate}>
            Regenerate keys and SPIs
          </Button>
          <FormHelperText>
            Draws new random keys and SPIs; values you typed by hand stay.
          </FormHelperText>
        </Box>
      )}
      <Controller
        control={control}
        name="spi.strategy"
        render={({ field }) => (
          <FormControl>
            <FormLabel>SPIs</FormLabel>
            <RadioGroup row value={field.value} onChange={(e) => field.onChange(e.target.value)}>
              {SPI_STRATEGY_OPTIONS.map((o) => (
                <FormControlLabel
                  key={o.value}
                  value={o.value}
                  control={<Radio />}
                  label={o.label}
                />
              ))}
            </RadioGroup>
            <FormHelperText>
              {SPI_STRATEGY_OPTIONS.find((o) => o.value === field.value)?.description} Edit any SPI
              below (hex 0x… or decimal).
            </FormHelperText>
          </FormControl>
        )}
      />
    </Stack>
  );
});

export const KeysSection = memo(function KeysSection(props: KeysSectionProps) {
  return (
    <Stack spacing={2}>
      <KeySourceControls
        control={props.control}
        source={props.source}
        onSource={props.onSource}
        passphrase={props.passphrase}
        onPassphrase={props.onPassphrase}
        deriving={props.deriving}
        onRegenerate={props.onRegenerate}
      />
      <SaTable
        link={props.link}
        manualKeys={props.source === 'manual'}
        spiTexts={props.spiTexts}
        keyTexts={props.keyTexts}
        fieldErrors={props.fieldErrors}
        onSpiText={props.onSpiText}
        onKeyText={props.onKeyText}
      />
    </Stack>
  );
});
