import { memo, useState } from 'react';
import {
  Button,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { saRows } from '../../core/form-options';
import type { Link } from '../../core/model';
import { formatSpi } from '../../core/spi';
import { Field } from './Field';

const ROWS_PER_PAGE = 8;
const SPI_SX = { width: '14ch', minWidth: 120 };

interface SaTableProps {
  link: Link | undefined;
  manualKeys: boolean;
  spiTexts: Readonly<Record<string, string>>;
  keyTexts: Readonly<Record<string, string>>;
  fieldErrors: Readonly<Record<string, string>>;
  onSpiText: (slot: string, text: string) => void;
  onKeyText: (keyId: string, text: string) => void;
}

const ROLE_LABEL = { enc: 'encryption', auth: 'integrity' } as const;

/** Every SA of the link with its SPI (editable) and key lengths (keys pasteable when manual). */
export const SaTable = memo(function SaTable({
  link,
  manualKeys,
  spiTexts,
  keyTexts,
  fieldErrors,
  onSpiText,
  onKeyText,
}: SaTableProps) {
  const [page, setPage] = useState(0);
  if (!link) {
    return (
      <Typography variant="body2" color="text.secondary">
        The SAs appear here once the hosts are valid.
      </Typography>
    );
  }
  const rows = saRows(link);
  const lastPage = Math.max(0, Math.ceil(rows.length / ROWS_PER_PAGE) - 1);
  const shownPage = Math.min(page, lastPage);
  const visible = rows.slice(shownPage * ROWS_PER_PAGE, (shownPage + 1) * ROWS_PER_PAGE);
  return (
    <>
      <TableContainer sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Security associations">
          <TableHead>
            <TableRow>
              <TableCell>SA</TableCell>
              <TableCell>Protocol</TableCell>
              <TableCell>SPI</TableCell>
              <TableCell sx={manualKeys ? { minWidth: 260 } : undefined}>Keys</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {visible.map((row) => {
              const sa = `${row.from} → ${row.to} ${row.protocol.toUpperCase()}`;
              const spiError = fieldErrors[`spis.${row.id}`];
              return (
                <TableRow key={row.id}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {row.from} → {row.to}
                  </TableCell>
                  <TableCell>{row.protocol.toUpperCase()}</TableCell>
                  <TableCell>
                    <Field
                      value={spiTexts[row.id] ?? formatSpi(row.spi)}
                      onChange={(e) => onSpiText(row.id, e.target.value)}
                      error={spiError !== undefined}
                      helperText={spiError}
                      autoComplete="off"
                      spellCheck={false}
                      ariaLabel={`SPI of ${sa}`}
                      monospace
                      sx={SPI_SX}
                    />
                  </TableCell>
                  <TableCell>
                    {row.keys.length === 0 && '—'}
                    {row.keys.map((key) =>
                      manualKeys ? (
                        <Field
                          key={key.keyId}
                          fullWidth
                          sx={{ my: 0.75 }}
                          label={`${ROLE_LABEL[key.role]}, ${key.bits} bits`}
                          placeholder="random until you paste one"
                          value={keyTexts[key.keyId] ?? ''}
                          onChange={(e) => onKeyText(key.keyId, e.target.value)}
                          error={fieldErrors[`keys.${key.keyId}`] !== undefined}
                          helperText={fieldErrors[`keys.${key.keyId}`]}
                          autoComplete="off"
                          spellCheck={false}
                          ariaLabel={`${ROLE_LABEL[key.role]} key of ${sa} (${key.bits} bits, hex)`}
                          monospace
                        />
                      ) : (
                        <Typography key={key.keyId} variant="body2">
                          {key.bits}-bit {key.algorithm}
                        </Typography>
                      ),
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      {rows.length > ROWS_PER_PAGE && (
        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: 'center', justifyContent: 'flex-end', mt: 1 }}
        >
          <Typography variant="body2" role="status">
            SAs {shownPage * ROWS_PER_PAGE + 1}–
            {Math.min(rows.length, (shownPage + 1) * ROWS_PER_PAGE)} of {rows.length}
          </Typography>
          <Button size="small" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>
            Previous SAs
          </Button>
          <Button
            size="small"
            disabled={shownPage === lastPage}
            onClick={() => setPage(shownPage + 1)}
          >
            Next SAs
          </Button>
        </Stack>
      )}
    </>
  );
});
