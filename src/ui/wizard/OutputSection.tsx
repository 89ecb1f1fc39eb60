import { memo } from 'react';
import {
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
} from '@mui/material';
import { OUTPUT_FORMAT_OPTIONS } from '../../core/form-options';
import type { OutputFormat } from '../../core/render/bundle';

export const OutputSection = memo(function OutputSection({
  format,
  onFormat,
}: {
  format: OutputFormat;
  onFormat: (format: OutputFormat) => void;
}) {
  return (
    <FormControl>
      <FormLabel>Files for each host</FormLabel>
      <RadioGroup value={format} onChange={(e) => onFormat(e.target.value as OutputFormat)}>
        {OUTPUT_FORMAT_OPTIONS.map((o) => (
          <FormControlLabel key={o.value} value={o.value} control={<Radio />} label={o.label} />
        ))}
      </RadioGroup>
      <FormHelperText>
        {OUTPUT_FORMAT_OPTIONS.find((o) => o.value === format)?.description}
      </FormHelperText>
    </FormControl>
  );
});
