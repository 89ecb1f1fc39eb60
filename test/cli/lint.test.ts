import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/ipsec-wizard', import.meta.url).pathname;

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
});
