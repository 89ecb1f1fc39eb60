import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { lintSetkeyConf } from '../../src/core/setkey/lint';

const bin = new URL('../../bin/ipsec-wizard', import.meta.url).pathname;
const corpus = new URL('../fixtures/setkey/', import.meta.url).pathname;

describe('bin/ipsec-wizard (real process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  const out = join(dir, 'x');

  beforeAll(() => {
    execFileSync(bin, ['generate', '--preset', 'article', '--out', out, '--date', '2026-11-28']);
  });

  it('lints the article preset clean of errors, files alone and as mirrored peers', () => {
    const a = join(out, 'a', 'setkey.conf');
    const b = join(out, 'b', 'setkey.conf');
    for (const args of [
      [a, b],
      [a, '--peer', b],
      [b, '--peer', a],
    ]) {
      const result = spawnSync(bin, ['lint', ...args], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stdout).not.toMatch(/: error: /);
      expect(result.stdout).toMatch(/setkey\.conf:\d+:\d+: warning: .*AH together with ESP/);
    }
  });

  it('passes every generated ip xfrm script through bash -n', () => {
    for (const host of ['a', 'b']) {
      for (const script of ['ipsec-up.sh', 'ipsec-down.sh'])
        execFileSync('bash', ['-n', join(out, host, script)]);
    }
  });

  it('exits 1 with FILE:LINE:COL on errors and names a mirror mismatch', () => {
    const bad = join(dir, 'bad.conf');
    writeFileSync(bad, 'flush;\nadd 10.0.0.1 10.0.0.2 esp 0x10 -E rijndael-cbc 0x1234;\n');
    const result = spawnSync(bin, ['lint', bad, '--peer', join(out, 'a', 'setkey.conf')], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${bad}:2:27: error: SPI 0x10 is reserved`);
    expect(result.stdout).toMatch(/bad\.conf:2:1: error: The peer file has no identical SA/);
  });

  it('exits 2 on a missing file', () => {
    const result = spawnSync(bin, ['lint', join(dir, 'nope.conf')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cannot read/);
  });

  it('reports for every corpus file exactly the findings the core gives the page', () => {
    const files = readdirSync(corpus)
      .filter((f) => f.endsWith('.conf'))
      .map((f) => join(corpus, f));
    expect(files.length).toBeGreaterThanOrEqual(30);
    const result = spawnSync(bin, ['lint', ...files], { encoding: 'utf8' });
    const printed = result.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('    hint:'));
    const expected = files.flatMap((file) =>
      lintSetkeyConf(readFileSync(file, 'utf8')).map(
        (f) => `${file}:${f.line}:${f.column}: ${f.severity}: ${f.message}`,
      ),
    );
    expect(printed).toEqual(expected);
    expect(result.status).toBe(1);
  });

  it('--fix writes the mechanical fixes back and reports only what is left', () => {
    for (const name of ['bad-level-use.conf', 'bad-missing-semicolon.conf', 'bad-crlf.conf']) {
      const file = join(dir, name);
      copyFileSync(join(corpus, name), file);
      const before = lintSetkeyConf(readFileSync(file, 'utf8'));
      expect(before.some((f) => f.fix)).toBe(true);
      const result = spawnSync(bin, ['lint', '--fix', file], { encoding: 'utf8' });
      expect(result.stderr).toContain(`${file}: mechanical fixes applied and written.`);
      const after = lintSetkeyConf(readFileSync(file, 'utf8'));
      expect(after.filter((f) => f.fix)).toEqual([]);
      expect(after.length).toBeLessThan(before.length);
      // What it printed is what is left in the file now.
      const printed = result.stdout.split('\n').filter((l) => l.startsWith(file)).length;
      expect(printed).toBe(after.length);
      expect(result.status).toBe(after.some((f) => f.severity === 'error') ? 1 : 0);
    }
  });

  it('refuses a file over 1 MiB without reading it, like the page', () => {
    const huge = join(dir, 'huge.conf');
    writeFileSync(huge, '#'.repeat(1024 * 1024 + 1));
    const result = spawnSync(bin, ['lint', huge], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${huge}:1:1: error: The input has 1048577 bytes`);
  });
});
