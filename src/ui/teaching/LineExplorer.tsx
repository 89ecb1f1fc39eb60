import { Box, FormControlLabel, Radio, RadioGroup, TextField, Typography } from '@mui/material';
import { useId, useState } from 'react';
import type { ExplainFormat } from '../../core/explain';
import type { Link } from '../../core/model';
import { LineExplanation } from './LineExplanation';

export interface LineExplorerProps {
  /** Given: addresses of this link are named after its hosts. */
  link?: Link;
  initialLine?: string;
}

const FORMAT_LABELS: Record<ExplainFormat, string> = {
  setkey: 'setkey.conf',
  'xfrm-up': 'ip xfrm script',
  'xfrm-down': 'ip xfrm removal script',
};

/** Paste any line, from a generated file or one written by hand, and read it token by token. */
export function LineExplorer({ link, initialLine = '' }: LineExplorerProps) {
  const [line, setLine] = useState(initialLine);
  const [format, setFormat] = useState<ExplainFormat>(
    initialLine.startsWith('ip ') ? 'xfrm-up' : 'setkey',
  );
  const id = useId();
  return (
    <Box component="section" aria-labelledby={`${id}-heading`}>
      <Typography id={`${id}-heading`} variant="h5" component="h2" gutterBottom>
        Explain a line
      </Typography>
      <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
        <Typography component="legend" variant="body2">
          The line comes from
        </Typography>
        <RadioGroup
          row
          value={format}
          onChange={(event) => setFormat(event.target.value as ExplainFormat)}
        >
          {(['setkey', 'xfrm-up'] as const).map((value) => (
            <FormControlLabel
              key={value}
              value={value}
              control={<Radio />}
              label={FORMAT_LABELS[value]}
            />
          ))}
        </RadioGroup>
      </Box>
      <TextField
        label="Line to explain"
        value={line}
        onChange={(event) => setLine(event.target.value)}
        fullWidth
        margin="normal"
        slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
        helperText="Keys you paste stay in this page; nothing is sent anywhere."
      />
      {line.trim() !== '' && (
        <LineExplanation
          format={format}
          line={line}
          label="Explanation of the line you entered"
          {...(link && { link })}
        />
      )}
    </Box>
  );
}
