import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_RULES, type Finding } from '../../src/core/setkey/findings';
import { checkMirror, lintParsed } from '../../src/core/setkey/lint';
import { parseSetkeyConf } from '../../src/core/setkey/parse';

const dir = new URL('../fixtures/setkey/', import.meta.url).pathname;
const bin = new URL('../../bin/ipsec-wizard', import.meta.url).pathname;

interface Expected {
  readonly peer?: string;
  readonly findings: readonly Pick<Finding, 'line' | 'column' | 'severity' | 'code'>[];
}

const names = readdirSync(dir)
  .filter((f) => f.endsWith('.conf'))
  .map((f) => f.replace(/\.conf$/, ''))
  .sort();
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
const expectedOf = (name: string): Expected => JSON.parse(read(`${name}.expected.json`));

/** What both the CLI and the page report for a file: its own findings, then the mirror check. */
function check(name: string): Finding[] {
  const parsed = parseSetkeyConf(read(`${name}.conf`));
  const { peer } = expectedOf(name);
  return [...lintParsed(parsed), ...(peer ? checkMirror(parsed, parseSetkeyConf(read(peer))) : [])];
}

describe('setkey.conf corpus', () => {
  it('holds at least 30 files, good ones and bad ones', () => {
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(names.filter((n) => n.startsWith('good-')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(names)('%s.conf gives exactly its expected findings', (name) => {
    const found = check(name).map(({ line, column, severity, code }) => ({
      line,
      column,
      severity,
      code,
    }));
    expect(found).toEqual(expectedOf(name).findings);
  });

  it('good files have no errors, and every bad-* file has the finding its name promises', () => {
    for (const name of names) {
      const codes = expectedOf(name).findings.map((f) => `${f.severity} ${f.code}`);
      if (name.startsWith('good-'))
        expect(
          codes.filter((c) => c.startsWith('error')),
          name,
        ).toEqual([]);
      const promised = /^bad-(.*)$/.exec(name)?.[1];
      if (promised && promised in FINDING_RULES) expect(codes.join(), name).toContain(promised);
    }
  });

  it('covers every finding code of the linter and the mirror check', () => {
    const covered = new Set(names.flatMap((n) => expectedOf(n).findings.map((f) => f.code)));
    const notInCorpus = ['input-too-large', 'import-not-clean', 'import-unsupported'];
    const missing = Object.keys(FINDING_RULES).filter(
      (code) => !covered.has(code as Finding['code']) && !notInCorpus.includes(code),
    );
    expect(missing).toEqual([]);
  });
});

describe('the CLI reports the same findings as the core', () => {
  it.each([
    'bad-crlf',
    'bad-key-length',
    'bad-option-order',
    'bad-binary-nul',
    'good-article-host-a',
    'good-compact',
    'mirror-host-b',
  ])('bin/ipsec-wizard lint %s.conf', (name) => {
    const { peer } = expectedOf(name);
    const file = join(dir, `${name}.conf`);
    const args = ['lint', file, ...(peer ? ['--peer', join(dir, peer)] : [])];
    const result = spawnSync(bin, args, { encoding: 'utf8' });
    const located = result.stdout
      .split('\n')
      .filter((line) => line.startsWith(`${file}:`))
      .map((line) => {
        const [, l, c, severity, message] =
          /^.*:(\d+):(\d+): (error|warning): (.*)$/.exec(line) ?? [];
        return { line: Number(l), column: Number(c), severity, message };
      });
    const core = check(name);
    expect(located).toEqual(
      core.map(({ line, column, severity, message }) => ({ line, column, severity, message })),
    );
    expect(result.stdout.split('\n').filter((l) => l.startsWith('    hint: '))).toHaveLength(
      core.length,
    );
    expect(result.status).toBe(core.some((f) => f.severity === 'error') ? 1 : 0);
  });
});
