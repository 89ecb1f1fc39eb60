import {
  memo,
  useId,
  type ChangeEventHandler,
  type FocusEventHandler,
  type ReactNode,
  type Ref,
} from 'react';
import {
  FormControl,
  FormHelperText,
  InputLabel,
  NativeSelect,
  OutlinedInput,
  type NativeSelectProps,
  type OutlinedInputProps,
  type SxProps,
  type Theme,
} from '@mui/material';

/**
 * A labelled outlined input or native select with its helper text linked for screen readers.
 * Built from MUI's parts rather than TextField, which pulls in the menu, popover and modal machinery
 * of its non-native select: the first download stays small.
 */
export interface FieldProps {
  /** Visible label; leave out only when ariaLabel names the field (e.g. in a table cell). */
  label?: string;
  helperText?: ReactNode;
  error?: boolean;
  fullWidth?: boolean;
  sx?: SxProps<Theme>;
  /** A native <select>; children are its <option>s. */
  select?: boolean;
  children?: ReactNode;
  name?: string;
  value?: string | number;
  type?: string;
  placeholder?: string;
  autoComplete?: string;
  spellCheck?: boolean;
  inputMode?: 'text' | 'url' | 'numeric';
  monospace?: boolean;
  /** Accessible name when it should say more than the visible label. */
  ariaLabel?: string;
  endAdornment?: ReactNode;
  onChange?: ChangeEventHandler<HTMLInputElement | HTMLSelectElement>;
  onBlur?: FocusEventHandler<HTMLInputElement | HTMLSelectElement>;
  ref?: Ref<HTMLInputElement | HTMLSelectElement>;
}

function FieldView({
  label,
  helperText,
  error = false,
  fullWidth,
  sx,
  select,
  children,
  ariaLabel,
  monospace,
  endAdornment,
  ref,
  inputMode,
  spellCheck,
  ...input
}: FieldProps) {
  const id = useId();
  const helperId = `${id}-helper`;
  const htmlInput = {
    id,
    inputMode,
    spellCheck,
    'aria-label': ariaLabel,
    'aria-describedby': helperText ? helperId : undefined,
    style: monospace ? { fontFamily: 'monospace' } : undefined,
  };
  const outline = <OutlinedInput label={label} notched={label !== undefined} />;
  return (
    <FormControl error={error} size="small" fullWidth={fullWidth} sx={sx}>
      {label !== undefined && (
        <InputLabel htmlFor={id} shrink>
          {label}
        </InputLabel>
      )}
      {select ? (
        <NativeSelect
          input={outline}
          inputRef={ref as Ref<HTMLSelectElement>}
          inputProps={htmlInput}
          {...(input as NativeSelectProps)}
        >
          {children}
        </NativeSelect>
      ) : (
        <OutlinedInput
          label={label}
          notched={label !== undefined}
          inputRef={ref}
          inputProps={htmlInput}
          endAdornment={endAdornment}
          {...(input as OutlinedInputProps)}
        />
      )}
      {helperText && <FormHelperText id={helperId}>{helperText}</FormHelperText>}
    </FormControl>
  );
}

/**
 * Memoised: a keystroke in one host must not re-render every field. register() hands out a new ref
 * callback on each render that does the same thing as the last one, so ref identity is ignored.
 */
export const Field = memo(FieldView, (before, after) => {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'ref') continue;
    if (before[key as keyof FieldProps] !== after[key as keyof FieldProps]) return false;
  }
  return true;
});
