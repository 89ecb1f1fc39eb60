import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { applyFixes, FINDING_RULES, type Finding } from '../../src/core/setkey/findings';
import { checkMirror, lintParsed } from '../../src/core/setkey/lint';
import { parseSetkeyConf } from '../../src/core/setkey/parse';
import { importSetkeyToPlan } from '../../src/core/setkey/to-plan';
import { planSchema } from '../../src/core/plan';

const dir = new URL('../fixtures/setkey/', import.meta.url).pathname;
const goodFiles = readdirSync(dir)
  .filter((f) => f.startsWith('good-') && f.endsWith('.conf'))
  .map((f) => readFileSync(dir + f, 'utf8'));

/** Every failure must be a finding that points inside the text and says how to fix it. */
function expectWellFormed(text: string, findings: readonly Finding[]): void {
  const lines = text.split('\n');
  for (const f of findings) {
    expect(Object.keys(FINDING_RULES)).toContain(f.code);
    expect(f.severity).toBe(FINDING_RULES[f.code].severity);
    expect(Number.isInteger(f.line) && f.line >= 1 && f.line <= lines.length).toBe(true);
    const lineText = lines[f.line - 1] ?? '';
    expect(Number.isInteger(f.column) && f.column >= 1).toBe(true);
    expect(f.column).toBeLessThanOrEqual(lineText.length + 1);
    expect(f.message.length).toBeGreaterThan(0);
    expect(f.hint.length).toBeGreaterThan(0);
    for (const edit of f.fix?.edits ?? []) {
      expect(0 <= edit.from && edit.from <= edit.to && edit.to <= text.length).toBe(true);
    }
  }
}

function lintAndCheck(text: string): void {
  const parsed = parseSetkeyConf(text);
  const findings = lintParsed(parsed);
  expectWellFormed(text, findings);
  const fixed = applyFixes(text, findings);
  expectWellFormed(fixed, lintParsed(parseSetkeyConf(fixed)));
}

/** Splits text into words and the separators between them, so mutations keep the rest intact. */
const piecesOf = (text: string) => text.split(/(\s+|;)/);

const setkeyWords = fc.constantFrom(
  'add',
  'spdadd',
  'flush',
  'spdflush',
  'esp',
  'ah',
  '-E',
  '-A',
  '-m',
  'tunnel',
  ';',
  '"',
  '#',
  '-P',
  'in',
  'out',
  'ipsec',
  'esp/transport//require',
  'esp/tunnel//use',
  '0x',
  '0xff',
  'rijndael-cbc',
  'null',
  '10.0.0.1',
  '2001:db8::1',
  '10.0.0.0/24[any]',
  '\r\n',
  '\n',
  '\u0000',
  '\u00a0',
  '\u2013E',
  '\ufeff',
  '\u201c',
  'unique:7',
  '-u',
);

type Mutation =
  | { kind: 'delete' | 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(setkeyWords, fc.string({ unit: 'binary', maxLength: 8 })),
  }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let pieces = piecesOf(text);
  for (const m of mutations) {
    const n = Math.max(pieces.length, 1);
    const at = m.at % n;
    if (m.kind === 'delete') pieces.splice(at, 1);
    else if (m.kind === 'duplicate') pieces.splice(at, 0, pieces[at] ?? '', ' ');
    else if (m.kind === 'swap') {
      const other = m.with % n;
      [pieces[at], pieces[other]] = [pieces[other] ?? '', pieces[at] ?? ''];
    } else if (m.kind === 'truncate') {
      const joined = pieces.join('');
      pieces = [joined.slice(0, m.at % (joined.length + 1))];
    } else if (m.kind === 'insert') pieces.splice(at, 0, m.text);
  }
  return pieces.join('');
}

describe('fuzzing the parser and linter', () => {
  it('random text: no exception escapes, every finding is well formed', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.array(setkeyWords, { maxLength: 60 }).map((words) => words.join(' ')),
        ),
        lintAndCheck,
      ),
      { numRuns: 1500 },
    );
  });

  it('mutated good files: no exception escapes, every finding is well formed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...goodFiles),
        fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
        (text, mutations) => {
          const mutated = mutate(text, mutations);
          lintAndCheck(mutated);
          const mirror = checkMirror(parseSetkeyConf(mutated), parseSetkeyConf(text));
          expectWellFormed(mutated, mirror);
          // Whatever the importer accepts must be a valid plan; whatever it refuses, a finding.
          const imported = importSetkeyToPlan([parseSetkeyConf(mutated)]);
          if (imported.ok) expect(planSchema.safeParse(imported.plan).success).toBe(true);
          else expectWellFormed(mutated, imported.findings);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('a mutation that breaks a good file shows up as a finding, never as silence', () => {
    // Deleting the ";" of the last statement always leaves an unterminated statement.
    for (const text of goodFiles) {
      const cut = text.slice(0, text.lastIndexOf(';'));
      const codes = lintParsed(parseSetkeyConf(cut)).map((f) => f.code);
      expect(codes).toContain('missing-semicolon');
    }
  });
});
