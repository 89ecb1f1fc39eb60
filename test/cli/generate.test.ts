import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { TOOL_VERSION } from '../../src/core/version';

function run(args: string[]) {
  const io = { stdout: '', stderr: '' };
  return main(args, { out: (t) => void (io.stdout += t), err: (t) => void (io.stderr += t) }).then(
    (code) => ({ code, ...io }),
  );
}

describe('ipsec-wizard generate', () => {
  it('writes every host its files, secrets mode 0600', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gen-')), 'out');
    const result = await run([
      'generate',
      '--preset',
      'article',
      '--out',
      out,
      '--date',
      '2026-11-28',
    ]);
    expect(result.code).toBe(0);
    for (const host of ['a', 'b']) {
      for (const file of ['setkey.conf', 'ipsec-up.sh', 'ipsec-down.sh'])
        expect(existsSync(join(out, host, file))).toBe(true);
      expect(statSync(join(out, host, 'setkey.conf')).mode & 0o777).toBe(0o600);
      expect(statSync(join(out, host, 'ipsec-up.sh')).mode & 0o777).toBe(0o600);
    }
    const conf = readFileSync(join(out, 'b', 'setkey.conf'), 'utf8');
    expect(conf).toContain('spdadd 192.168.1.100 192.168.2.100 any -P in ipsec');
    expect(conf).toMatch(
      /^add 192\.168\.1\.100 192\.168\.2\.100 ah 0x200 -A hmac-sha1 0x[0-9a-f]{40};$/m,
    );
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toContain('ping -c 3 192.168.2.100');
    expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8'))).toMatchObject({
      protocols: 'ah+esp',
    });
  });

  it.each([
    [['--host', 'a=10.0.0.1', '--host', 'b=10.0.0.300'], /^ipsec-wizard: --host: /],
    [['--host', 'a=10.0.0.1', '--host', 'b=2001:db8::1'], /--host: .*mixed/],
    [['--host', 'a=10.0.0.1'], /--host: A link needs at least two hosts/],
    [['--host', '10.0.0.1', '--host', '10.0.0.2', '--enc', 'rot13'], /--enc: Unknown/],
    [['--host', '10.0.0.1', '--host', '10.0.0.2', '--enc', 'aes-gcm'], /--enc: .*manual keys/],
    [
      ['--host', '10.0.0.1', '--host', '10.0.0.2', '--enc', 'rijndael-cbc:100'],
      /--enc: .*128, 192, 256/,
    ],
    [['--plan', '/nonexistent/plan.json'], /--plan: cannot read/],
  ])('refuses %j with exit 2, one message, nothing written', async (args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'gen-')), 'out');
    const result = await run(['generate', '--out', out, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('derives the same keys from the same passphrase file, and refuses a short one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-'));
    const pass = join(dir, 'pass');
    writeFileSync(pass, 'a long shared passphrase\n');
    const args = [
      'generate',
      '--preset',
      'article',
      '--spi',
      'article',
      '--passphrase-file',
      pass,
      '--date',
      '2026-11-28',
    ];
    expect((await run([...args, '--out', join(dir, 'one')])).code).toBe(0);
    expect((await run([...args, '--out', join(dir, 'two')])).code).toBe(0);
    const conf = (d: string) => readFileSync(join(dir, d, 'a', 'setkey.conf'), 'utf8');
    expect(conf('one')).toBe(conf('two'));
    writeFileSync(pass, 'short\n');
    const refused = await run([...args, '--out', join(dir, 'three')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--passphrase-file: .*at least 12/);
    expect(existsSync(join(dir, 'three'))).toBe(false);
  });

  it('keeps the tool version in step with package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});
