import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useDeferredValue, useId, useMemo, useRef, useState, type DragEvent } from 'react';
import type { PlanInput } from '../../core/plan';
import type { LinkSecrets } from '../../core/secrets';
import { applyFixes, type Finding } from '../../core/setkey/findings';
import { applyAllFixes, checkMirror, lintParsed } from '../../core/setkey/lint';
import { parseSetkeyConf, type ParsedSetkeyConf } from '../../core/setkey/parse';
import { importSetkeyToPlan } from '../../core/setkey/to-plan';
import { TextLineExplanation } from '../teaching/FileLineExplanation';
import { FindingList } from './FindingList';
import { lineId, MarkedText } from './MarkedText';
import { readTextFile } from './readTextFile';

export interface ImportPanelProps {
  /** Called with the imported plan and the SPIs and keys already in use. */
  readonly onLoadPlan: (plan: PlanInput, secrets: LinkSecrets) => void;
}

interface Slot {
  readonly name: string;
  readonly text: string;
}

const EMPTY: Slot = { name: '', text: '' };
const SLOT_TITLES = ['First host', 'Second host'] as const;

interface Checked {
  readonly parsed: ParsedSetkeyConf;
  readonly findings: readonly Finding[];
  readonly mirror: readonly Finding[];
}

const countOf = (findings: readonly Finding[], severity: Finding['severity']) =>
  findings.filter((f) => f.severity === severity).length;

/** Input the core refused unread: there is no text worth marking. */
const refusedInput = (findings: readonly Finding[]) =>
  findings.find((f) => f.code === 'input-too-large' || f.code === 'binary-input');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summarise(title: string, findings: readonly Finding[]): string {
  const errors = countOf(findings, 'error');
  const warnings = countOf(findings, 'warning');
  if (errors + warnings === 0) return `${title}: no findings.`;
  return `${title}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`;
}

/**
 * Checks existing setkey.conf files: paste, pick or drop one file or both hosts' files, see the
 * findings on the text with their fixes, check that two files mirror each other, and load a clean
 * import into the wizard. Everything happens in the browser.
 */
export function ImportPanel({ onLoadPlan }: ImportPanelProps) {
  const id = useId();
  const [slots, setSlots] = useState<readonly Slot[]>([EMPTY, EMPTY]);
  const [refusals, setRefusals] = useState<readonly string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const setSlot = (index: number, slot: Slot) => {
    setSlots((current) => current.map((s, i) => (i === index ? slot : s)));
    setLoaded(false);
  };

  // Checking a large file takes a moment: typing stays responsive while the check catches up.
  const checkedSlots = useDeferredValue(slots);
  const checked: readonly (Checked | undefined)[] = useMemo(() => {
    const parsed = checkedSlots.map((s) =>
      s.text.trim() === '' ? undefined : parseSetkeyConf(s.text),
    );
    return parsed.map((p, index) => {
      if (!p) return undefined;
      const other = parsed[1 - index];
      const mirror = other ? checkMirror(p, other) : [];
      return { parsed: p, findings: lintParsed(p), mirror };
    });
  }, [checkedSlots]);

  const present = checked.flatMap((c, index) => (c ? [{ c, index }] : []));
  const imported = useMemo(() => {
    const files = checked.flatMap((c) => (c ? [c.parsed] : []));
    return files.length > 0 ? importSetkeyToPlan(files) : undefined;
  }, [checked]);

  const loadFiles = async (files: readonly File[]) => {
    if (files.length === 0) return;
    if (files.length > 2) {
      setRefusals([
        `${files.length} files were given: load one setkey.conf, or the two of a pair (one per host).`,
      ]);
      return;
    }
    const outcomes = await Promise.all(files.map(readTextFile));
    const problems: string[] = [];
    // One file goes to the first host unless that one is filled and the second is free.
    let target = files.length === 1 && slots[0]?.text && !slots[1]?.text ? 1 : 0;
    outcomes.forEach((outcome, i) => {
      const file = files[i] as File;
      if ('refused' in outcome) problems.push(outcome.refused);
      else setSlot(target, { name: file.name, text: outcome.text });
      target += 1;
    });
    setRefusals(problems);
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    void loadFiles(Array.from(event.dataTransfer.files));
  };

  const goToLine = (index: number, line: number) => {
    const target = document.getElementById(lineId(`${id}-${index}`, line));
    if (!target) return;
    target.focus();
    target.scrollIntoView?.({ block: 'nearest' });
  };

  const status =
    slots !== checkedSlots
      ? 'Checking…'
      : present
          .map(({ c, index }) => summarise(SLOT_TITLES[index] ?? '', [...c.findings, ...c.mirror]))
          .concat(
            present.length === 2
              ? [
                  present.every(({ c }) => c.mirror.length === 0)
                    ? 'The two files mirror each other.'
                    : 'The two files do not mirror each other.',
                ]
              : [],
          )
          .join(' ');

  return (
    <Paper component="section" aria-labelledby={`${id}-title`} sx={{ p: 3 }}>
      <Typography id={`${id}-title`} variant="h4" component="h2" gutterBottom>
        Check an existing setkey.conf
      </Typography>
      <Typography gutterBottom>
        Paste, open or drop one host&apos;s setkey.conf, or both hosts&apos; files to check that
        they mirror each other. The files are checked in this browser and sent nowhere.
      </Typography>

      <Box
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-drop-zone"
        sx={{
          my: 2,
          p: 3,
          border: 2,
          borderStyle: 'dashed',
          borderRadius: 1,
          borderColor: dragging ? 'primary.main' : 'divider',
          textAlign: 'center',
        }}
      >
        <Typography gutterBottom>Drop one file, or both hosts&apos; files, here.</Typography>
        <Button variant="contained" onClick={() => fileInput.current?.click()}>
          Open setkey.conf files
        </Button>
        <input
          ref={fileInput}
          hidden
          type="file"
          multiple
          accept=".conf,text/plain"
          aria-label="Open setkey.conf files"
          onChange={(event) => {
            const input = event.currentTarget;
            void loadFiles(Array.from(input.files ?? [])).then(() => {
              input.value = '';
            });
          }}
        />
      </Box>

      {refusals.map((message) => (
        <Alert key={message} severity="error" role="alert" sx={{ mb: 2 }}>
          {message}
        </Alert>
      ))}

      <Box role="status" aria-live="polite" sx={{ mb: 2, fontWeight: 'bold' }}>
        {status}
      </Box>

      <Stack spacing={4}>
        {slots.map((slot, index) => {
          const title = SLOT_TITLES[index] ?? `Host ${index + 1}`;
          const result = checked[index];
          const prefix = `${id}-${index}`;
          const all = result ? [...result.findings, ...result.mirror] : [];
          return (
            <Box key={title} component="section" aria-labelledby={`${prefix}-heading`}>
              <Typography id={`${prefix}-heading`} variant="h5" component="h3" gutterBottom>
                {title}
                {slot.name ? ` (${slot.name})` : ''}
                {index === 1 ? ', optional' : ''}
              </Typography>
              <TextField
                label={`setkey.conf of the ${title.toLowerCase()}`}
                multiline
                minRows={6}
                maxRows={20}
                fullWidth
                value={slot.text}
                onChange={(event) => setSlot(index, { name: slot.name, text: event.target.value })}
                slotProps={{
                  htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } },
                }}
              />
              {result && (
                <Box sx={{ mt: 2 }}>
                  {result.findings.some((f) => f.fix) && (
                    <Button
                      size="small"
                      sx={{ mb: 1 }}
                      onClick={() =>
                        setSlot(index, {
                          name: slot.name,
                          text: applyAllFixes(slot.text),
                        })
                      }
                    >
                      Apply all fixes for the {title.toLowerCase()}
                    </Button>
                  )}
                  {all.length === 0 ? (
                    <Typography>
                      No findings: the file follows every rule the checker knows.
                    </Typography>
                  ) : (
                    <FindingList
                      findings={result.findings}
                      label={`Findings for the ${title.toLowerCase()}`}
                      onGoToLine={(line) => goToLine(index, line)}
                      onApplyFix={(finding) =>
                        setSlot(index, { name: slot.name, text: applyFixes(slot.text, [finding]) })
                      }
                    />
                  )}
                  {result.mirror.length > 0 && (
                    <Box sx={{ mt: 2 }}>
                      <Typography variant="h6" component="h4">
                        Mirror check against the other host
                      </Typography>
                      <Typography>
                        The first line that does not mirror the other file is line{' '}
                        {result.mirror[0]?.line}.
                      </Typography>
                      <FindingList
                        findings={result.mirror}
                        label={`Mirror check for the ${title.toLowerCase()}`}
                        onGoToLine={(line) => goToLine(index, line)}
                      />
                    </Box>
                  )}
                  {refusedInput(result.findings) ? (
                    <Alert severity="error" role="alert" sx={{ mt: 2 }}>
                      This input was refused: {refusedInput(result.findings)?.message}{' '}
                      {refusedInput(result.findings)?.hint}
                    </Alert>
                  ) : (
                    <>
                      <Typography variant="h6" component="h4" sx={{ mt: 2 }}>
                        Marked text
                      </Typography>
                      <Typography variant="body2" color="text.secondary" gutterBottom>
                        Select a line (or move to it with the arrow keys) to have it explained token
                        by token.
                      </Typography>
                      <MarkedText
                        text={slot.text}
                        findings={all}
                        idPrefix={prefix}
                        label={`Marked text of the ${title.toLowerCase()}`}
                        renderLineDetail={(lineIndex) => (
                          <TextLineExplanation
                            format="setkey"
                            text={slot.text}
                            lineIndex={lineIndex}
                          />
                        )}
                      />
                    </>
                  )}
                </Box>
              )}
            </Box>
          );
        })}
      </Stack>

      {present.length === 2 && present.every(({ c }) => c.mirror.length === 0) && (
        <Alert severity="success" role="status" sx={{ mt: 2 }}>
          The two files mirror each other: same SAs, SPIs and keys, with in and out swapped.
        </Alert>
      )}

      <Box component="section" aria-labelledby={`${id}-load`} sx={{ mt: 3 }}>
        <Typography id={`${id}-load`} variant="h5" component="h3" gutterBottom>
          Load into the wizard
        </Typography>
        {imported && !imported.ok && (
          <Box component="ul" aria-label="Why the files cannot be loaded yet" sx={{ pl: 2 }}>
            {imported.findings.map((f, i) => (
              <li key={i}>
                {SLOT_TITLES[present[f.file]?.index ?? 0]}, line {f.line}: {f.message} {f.hint}
              </li>
            ))}
          </Box>
        )}
        {imported?.ok &&
          imported.notes.map((note) => (
            <Typography key={note} variant="body2" gutterBottom>
              {note}
            </Typography>
          ))}
        <Button
          variant="contained"
          disabled={!imported?.ok}
          onClick={() => {
            if (imported?.ok) {
              onLoadPlan(imported.plan, imported.secrets);
              setLoaded(true);
            }
          }}
        >
          Load into the wizard
        </Button>
        {loaded && (
          <Typography role="status" sx={{ mt: 1 }}>
            Loaded: the wizard now shows this link; change algorithms or draw new keys there.
          </Typography>
        )}
      </Box>
    </Paper>
  );
}
