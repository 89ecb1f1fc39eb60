import { memo } from 'react';
import { Box, Button, IconButton, Stack, Typography } from '@mui/material';
import {
  Controller,
  useFieldArray,
  useFormState,
  type Control,
  type FieldError,
  type UseFormRegister,
} from 'react-hook-form';
import { Field } from './Field';
import { emptyHost, type WizardValues } from './values';

interface HostsSectionProps {
  control: Control<WizardValues>;
  register: UseFormRegister<WizardValues>;
  mode: WizardValues['mode'];
  /** Show errors even on fields not touched yet (after Next on a phone). */
  showAllErrors: boolean;
}

/** a, b, c ... z, then h27, h28 ...: a name for a new host that the person may keep or change. */
const suggestedName = (count: number): string =>
  count < 26 ? String.fromCharCode(97 + count) : `h${count + 1}`;

/** Messages of a subnets field: one per bad entry, or one for the whole list. */
function subnetMessages(error: unknown): string[] {
  if (!error) return [];
  if (Array.isArray(error)) {
    return error.flatMap((e, i) =>
      (e as FieldError | undefined)?.message
        ? [`Subnet ${i + 1}: ${(e as FieldError).message}`]
        : [],
    );
  }
  const message = (error as FieldError).message ?? (error as { root?: FieldError }).root?.message;
  return message ? [message] : [];
}

interface HostRowProps extends Omit<HostsSectionProps, 'showAllErrors'> {
  index: number;
  showAllErrors: boolean;
  canRemove: boolean;
  onRemove: (index: number) => void;
}

// One memoised row per host: typing in one host re-renders that row only.
const HostRow = memo(function HostRow({
  index,
  control,
  register,
  mode,
  showAllErrors,
  canRemove,
  onRemove,
}: HostRowProps) {
  const { errors, touchedFields, dirtyFields } = useFormState({ control, name: `hosts.${index}` });
  const rowErrors = errors.hosts?.[index];
  const shown = (field: 'name' | 'address') =>
    showAllErrors ||
    touchedFields.hosts?.[index]?.[field] === true ||
    dirtyFields.hosts?.[index]?.[field] === true
      ? rowErrors?.[field]?.message
      : undefined;
  const nameError = shown('name');
  const addressError = shown('address');
  const number = index + 1;
  return (
    <Box
      role="group"
      aria-label={`Host ${number}`}
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: '1fr auto', sm: 'minmax(7rem, 1fr) minmax(12rem, 2fr) auto' },
        gap: 1,
        alignItems: 'start',
        // On a phone each host takes two lines: a rule keeps one host's fields together.
        pb: { xs: 1.5, sm: 0 },
        borderBottom: { xs: 1, sm: 0 },
        // In the same media query as the border, after it: the shorthand resets the colour.
        borderBottomColor: { xs: 'divider' },
      }}
    >
      <Field
        label={`Host ${number} name`}
        autoComplete="off"
        spellCheck={false}
        {...register(`hosts.${index}.name`, { deps: ['hosts'] })}
        error={nameError !== undefined}
        helperText={nameError}
      />
      <Box sx={{ gridColumn: { xs: '1 / 2', sm: 'auto' }, gridRow: { xs: 2, sm: 'auto' } }}>
        <Field
          label={`Host ${number} address`}
          placeholder={index % 2 === 0 ? '192.0.2.10' : '198.51.100.20'}
          fullWidth
          autoComplete="off"
          spellCheck={false}
          inputMode="url"
          {...register(`hosts.${index}.address`, { deps: ['hosts'] })}
          error={addressError !== undefined}
          helperText={addressError}
        />
      </Box>
      <IconButton
        aria-label={`Remove host ${number}`}
        title={canRemove ? `Remove host ${number}` : 'A link needs at least two hosts'}
        onClick={() => onRemove(index)}
        disabled={!canRemove}
        sx={{ mt: 0.25 }}
      >
        <Box component="span" aria-hidden sx={{ fontSize: 22, lineHeight: 1, width: 24 }}>
          ×
        </Box>
      </IconButton>
      {mode === 'tunnel' && (
        <Box sx={{ gridColumn: '1 / -1' }}>
          <Controller
            control={control}
            name={`hosts.${index}.subnets`}
            render={({ field, fieldState }) => {
              const messages =
                showAllErrors || fieldState.isTouched || fieldState.isDirty
                  ? subnetMessages(fieldState.error)
                  : [];
              return (
                <Field
                  label={`Host ${number} subnets behind it`}
                  placeholder="10.1.0.0/16, 10.2.0.0/16"
                  fullWidth
                  autoComplete="off"
                  spellCheck={false}
                  name={field.name}
                  ref={field.ref}
                  value={field.value.join(',')}
                  onChange={(e) =>
                    field.onChange(e.target.value === '' ? [] : e.target.value.split(','))
                  }
                  onBlur={field.onBlur}
                  error={messages.length > 0}
                  helperText={
                    messages.length > 0
                      ? messages.join(' ')
                      : 'Networks in CIDR form, separated by commas.'
                  }
                />
              );
            }}
          />
        </Box>
      )}
    </Box>
  );
});

export const HostsSection = memo(function HostsSection({
  control,
  register,
  mode,
  showAllErrors,
}: HostsSectionProps) {
  const { fields, append, remove } = useFieldArray({ control, name: 'hosts' });
  const { errors } = useFormState({ control, name: 'hosts' });
  const listError = errors.hosts?.root?.message ?? errors.hosts?.message;
  return (
    <Stack spacing={1.5}>
      <Typography variant="body2" color="text.secondary">
        {mode === 'tunnel'
          ? 'The two gateways: a name each, the address the other gateway reaches it at, and the networks behind it.'
          : 'Every host of the link: a short name (used for folders) and its IP address. Each pair of hosts gets its own SAs.'}
      </Typography>
      {fields.map((field, index) => (
        <HostRow
          key={field.id}
          index={index}
          control={control}
          register={register}
          mode={mode}
          showAllErrors={showAllErrors}
          canRemove={fields.length > 2}
          onRemove={remove}
        />
      ))}
      {listError && (
        <Typography role="alert" color="error" variant="body2">
          {listError}
        </Typography>
      )}
      <Box>
        <Button
          variant="outlined"
          onClick={() =>
            append({ ...emptyHost(), name: suggestedName(fields.length) }, { shouldFocus: true })
          }
        >
          Add host
        </Button>
      </Box>
    </Stack>
  );
});
