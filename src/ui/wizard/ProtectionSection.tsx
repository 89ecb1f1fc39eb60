import { lazy, memo, Suspense, useCallback, useState, type ReactNode } from 'react';
import {
  Box,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
  Stack,
  Button,
  Typography,
} from '@mui/material';
import {
  useFormState,
  useWatch,
  type Control,
  type UseFormGetValues,
  type UseFormRegister,
  type UseFormSetValue,
} from 'react-hook-form';
import type { Standing } from '../../core/algorithms';
import {
  algorithmOptions,
  algorithmWarning,
  LEVEL_OPTIONS,
  MODE_OPTIONS,
  planDefaults,
  PROTOCOL_OPTIONS,
  UPPER_PROTOCOL_OPTIONS,
  type AlgorithmOption,
  type ChoiceOption,
} from '../../core/form-options';
import { PRESETS, type PresetName } from '../../core/presets';
import { Callout } from './Callout';
import { Field } from './Field';
import type { WizardValues } from './values';

// Opened rarely: loaded on first use, not with the page.
const KeepHostsDialog = lazy(() => import('./KeepHostsDialog'));

const ENCRYPTION = algorithmOptions('encryption');
const INTEGRITY = algorithmOptions('integrity');

const PRESET_LABELS: Record<PresetName, string> = {
  recommended: 'Recommended',
  article: 'The article (2006)',
};

const STANDING_COLOR: Record<Standing, string> = {
  recommended: 'success.main',
  acceptable: 'text.secondary',
  legacy: 'info.main',
  weak: 'warning.main',
  forbidden: 'error.main',
};

/** The choices (everything but the hosts) a preset sets, over the schema's defaults. */
function presetChoices(name: PresetName): Omit<WizardValues, 'hosts'> {
  const merged: Partial<WizardValues> = { ...planDefaults(), ...(PRESETS[name] as object) };
  delete merged.hosts;
  return merged as Omit<WizardValues, 'hosts'>;
}

const sameChoices = (a: Omit<WizardValues, 'hosts'>, b: Omit<WizardValues, 'hosts'>) =>
  a.mode === b.mode &&
  a.protocols === b.protocols &&
  a.encryption.algorithm === b.encryption.algorithm &&
  (a.encryption.keyBits ?? 0) === (b.encryption.keyBits ?? 0) &&
  a.integrity.algorithm === b.integrity.algorithm &&
  a.level === b.level &&
  a.upperProtocol === b.upperProtocol &&
  a.spi.strategy === b.spi.strategy;

function AlgorithmLabel({ option }: { option: AlgorithmOption }) {
  // The spaces between pieces are invisible in the flex row but keep the radio's name readable.
  return (
    <Box sx={{ py: 0.5 }}>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 1 }}>
        <span>{option.label}</span>{' '}
        <Typography component="span" variant="body2" color="text.secondary">
          {option.keyBitsText}
        </Typography>{' '}
        <Box
          component="span"
          sx={{
            px: 0.75,
            border: 1,
            borderRadius: 4,
            fontSize: '0.75rem',
            lineHeight: 1.6,
            // Text stays high-contrast; the standing's colour is on the border.
            color:
              option.standing === 'recommended'
                ? 'success.main'
                : option.standing === 'forbidden'
                  ? 'error.main'
                  : 'text.primary',
            borderColor: STANDING_COLOR[option.standing],
          }}
        >
          {option.standingLabel}
        </Box>
      </Box>{' '}
      {option.note && (
        <Typography variant="body2" color="text.secondary">
          {option.disabled ? `Not offered with manual keys: ${option.note}` : option.note}
        </Typography>
      )}
    </Box>
  );
}

interface ChoiceRadiosProps<T extends string> {
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: readonly ChoiceOption<T>[];
  error?: string | undefined;
  row?: boolean;
}

// Memoised with primitive props: validation re-renders the section, not every radio in it.
const ChoiceRadios = memo(function ChoiceRadios<T extends string>({
  label,
  value,
  onChange,
  options,
  error,
  row = false,
}: ChoiceRadiosProps<T>) {
  const current = options.find((o) => o.value === value);
  return (
    <FormControl error={error !== undefined}>
      <FormLabel>{label}</FormLabel>
      <RadioGroup row={row} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <FormControlLabel key={o.value} value={o.value} control={<Radio />} label={o.label} />
        ))}
      </RadioGroup>
      <FormHelperText>{error ?? current?.description}</FormHelperText>
    </FormControl>
  );
}) as <T extends string>(props: ChoiceRadiosProps<T>) => ReactNode;

const AlgorithmRadios = memo(function AlgorithmRadios({
  label,
  options,
  value,
  onPick,
  error,
}: {
  label: string;
  options: readonly AlgorithmOption[];
  value: string;
  onPick: (id: string) => void;
  error?: string | undefined;
}) {
  return (
    <FormControl error={error !== undefined}>
      <FormLabel>{label}</FormLabel>
      <RadioGroup value={value} onChange={(e) => onPick(e.target.value)}>
        {options.map((o) => (
          <FormControlLabel
            key={o.id}
            value={o.id}
            disabled={o.disabled}
            control={<Radio />}
            label={<AlgorithmLabel option={o} />}
            sx={{ alignItems: 'flex-start', '& .MuiRadio-root': { pt: 0.75 } }}
          />
        ))}
      </RadioGroup>
      {error && <FormHelperText>{error}</FormHelperText>}
    </FormControl>
  );
});

// Constant sx objects: Field is memoised and compares props by identity.
const KEY_SIZE_SX = { maxWidth: 240 };
const SELECT_SX = { minWidth: 160, flex: '1 1 12rem' };

const PresetButtons = memo(function PresetButtons({
  active,
  onChoose,
}: {
  active: PresetName | undefined;
  onChoose: (name: PresetName) => void;
}) {
  return (
    <Box
      role="group"
      aria-labelledby="preset-label"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}
    >
      {(Object.keys(PRESETS) as PresetName[]).map((name) => (
        <Button
          key={name}
          size="small"
          variant={active === name ? 'contained' : 'outlined'}
          aria-pressed={active === name}
          onClick={() => onChoose(name)}
        >
          {PRESET_LABELS[name]}
        </Button>
      ))}
    </Box>
  );
});

const CHANGED = { shouldValidate: true, shouldDirty: true } as const;

interface ProtectionSectionProps {
  control: Control<WizardValues>;
  register: UseFormRegister<WizardValues>;
  setValue: UseFormSetValue<WizardValues>;
  getValues: UseFormGetValues<WizardValues>;
}

export const ProtectionSection = memo(function ProtectionSection({
  control,
  register,
  setValue,
  getValues,
}: ProtectionSectionProps) {
  // Only the choices: typing in a host field does not re-render this section.
  const [mode, protocols, enc, integrity, level, upperProtocol, spi] = useWatch({
    control,
    name: ['mode', 'protocols', 'encryption', 'integrity', 'level', 'upperProtocol', 'spi'],
  });
  const values = {
    version: 1 as const,
    mode,
    protocols,
    encryption: enc,
    integrity,
    level,
    upperProtocol,
    spi,
  };
  const { errors } = useFormState({
    control,
    name: ['mode', 'protocols', 'encryption', 'integrity', 'level', 'upperProtocol'],
  });
  const pickMode = useCallback(
    (v: WizardValues['mode']) => setValue('mode', v, CHANGED),
    [setValue],
  );
  const pickProtocols = useCallback(
    (v: WizardValues['protocols']) => setValue('protocols', v, CHANGED),
    [setValue],
  );
  const pickEncryption = useCallback(
    (id: string) => {
      setValue('encryption.algorithm', id, CHANGED);
      const chosen = ENCRYPTION.find((o) => o.id === id);
      if (chosen) setValue('encryption.keyBits', chosen.defaultKeyBits, CHANGED);
    },
    [setValue],
  );
  const pickIntegrity = useCallback(
    (id: string) => setValue('integrity.algorithm', id, CHANGED),
    [setValue],
  );
  const [pendingPreset, setPendingPreset] = useState<PresetName | undefined>();
  const encryption = ENCRYPTION.find((o) => o.id === values.encryption.algorithm);
  const encWarning = algorithmWarning('encryption', values.encryption.algorithm);
  const authWarning = algorithmWarning('integrity', values.integrity.algorithm);
  const activePreset = (Object.keys(PRESETS) as PresetName[]).find((name) =>
    sameChoices(presetChoices(name), values),
  );
  const usesEncryption = values.protocols !== 'ah';

  const applyChoices = useCallback(
    (name: PresetName) => {
      const choices = presetChoices(name);
      for (const key of Object.keys(choices) as (keyof typeof choices)[]) {
        setValue(key, choices[key] as never, CHANGED);
      }
    },
    [setValue],
  );
  const choosePreset = useCallback(
    (name: PresetName) => {
      const preset: { hosts?: readonly { name: string; address: string }[] } = PRESETS[name];
      const typed = getValues('hosts').some((h) => h.address.trim() !== '');
      if (preset.hosts && typed) {
        // The person's hosts are theirs: ask before replacing them.
        setPendingPreset(name);
        return;
      }
      if (preset.hosts) {
        setValue(
          'hosts',
          preset.hosts.map((h) => ({ ...h, subnets: [] })),
          { shouldValidate: true },
        );
      }
      applyChoices(name);
    },
    [applyChoices, getValues, setValue, setPendingPreset],
  );
  const finishPreset = (replaceHosts: boolean) => {
    if (!pendingPreset) return;
    const preset: { hosts?: readonly { name: string; address: string }[] } = PRESETS[pendingPreset];
    if (replaceHosts && preset.hosts) {
      setValue(
        'hosts',
        preset.hosts.map((h) => ({ ...h, subnets: [] })),
        { shouldValidate: true },
      );
    }
    applyChoices(pendingPreset);
    setPendingPreset(undefined);
  };
  const articleHosts = PRESETS.article.hosts.map((h) => `${h.name} ${h.address}`).join(', ');

  return (
    <Stack spacing={2.5}>
      <Box>
        <Typography id="preset-label" variant="subtitle2" component="p" gutterBottom>
          Start from a preset
        </Typography>
        <PresetButtons active={activePreset} onChoose={choosePreset} />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          {activePreset === 'article'
            ? 'The 2006 article: AH with HMAC-SHA-1 plus ESP with AES-CBC 192, SPIs 0x200, 0x300 ... For learning; Recommended is stronger.'
            : activePreset === 'recommended'
              ? 'RFC 8221\u2019s advice: ESP with AES-CBC 256 and HMAC-SHA-512, random SPIs.'
              : 'Your own choices. A preset changes the choices below and keeps your hosts unless you say otherwise.'}
        </Typography>
      </Box>

      <ChoiceRadios
        label="Mode"
        row
        value={values.mode}
        onChange={pickMode}
        options={MODE_OPTIONS}
        error={errors.mode?.message}
      />
      <ChoiceRadios
        label="Protocols"
        row
        value={values.protocols}
        onChange={pickProtocols}
        options={PROTOCOL_OPTIONS}
        error={errors.protocols?.message}
      />

      {usesEncryption ? (
        <AlgorithmRadios
          label="Encryption (ESP)"
          options={ENCRYPTION}
          value={values.encryption.algorithm}
          onPick={pickEncryption}
          error={errors.encryption?.algorithm?.message}
        />
      ) : (
        <Typography variant="body2" color="text.secondary">
          AH authenticates only: there is no encryption to choose.
        </Typography>
      )}
      {usesEncryption && encryption && encryption.keyBits.length > 1 && (
        <Field
          select
          label="Encryption key size"
          sx={KEY_SIZE_SX}
          {...register('encryption.keyBits', { valueAsNumber: true })}
          error={errors.encryption?.keyBits !== undefined}
          helperText={errors.encryption?.keyBits?.message ?? 'Bits of key; longer is stronger.'}
        >
          {encryption.keyBits.map((bits) => (
            <option key={bits} value={bits}>
              {bits} bits
            </option>
          ))}
        </Field>
      )}
      {usesEncryption && encWarning && (
        <Callout role="alert" severity={encWarning.severity === 'info' ? 'info' : 'warning'}>
          {encWarning.message}
        </Callout>
      )}

      <AlgorithmRadios
        label={`Integrity ${values.protocols === 'esp' ? '(ESP)' : '(AH)'}`}
        options={INTEGRITY}
        value={values.integrity.algorithm}
        onPick={pickIntegrity}
        error={errors.integrity?.algorithm?.message}
      />
      {authWarning && (
        <Callout role="alert" severity={authWarning.severity === 'info' ? 'info' : 'warning'}>
          {authWarning.message}
        </Callout>
      )}

      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
        <Field
          select
          label="Policy level"
          sx={SELECT_SX}
          {...register('level')}
          error={errors.level !== undefined}
          helperText={
            errors.level?.message ??
            LEVEL_OPTIONS.find((o) => o.value === values.level)?.description
          }
        >
          {LEVEL_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Field>
        <Field
          select
          label="Traffic to protect"
          sx={SELECT_SX}
          {...register('upperProtocol')}
          error={errors.upperProtocol !== undefined}
          helperText={
            errors.upperProtocol?.message ??
            UPPER_PROTOCOL_OPTIONS.find((o) => o.value === values.upperProtocol)?.description
          }
        >
          {UPPER_PROTOCOL_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Field>
      </Box>

      {pendingPreset !== undefined && (
        <Suspense fallback={null}>
          <KeepHostsDialog
            presetHosts={articleHosts}
            onCancel={() => setPendingPreset(undefined)}
            onChoose={finishPreset}
          />
        </Suspense>
      )}
    </Stack>
  );
});
