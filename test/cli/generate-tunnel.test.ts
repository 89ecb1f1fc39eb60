import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, USAGE } from '../../src/cli/main';

function run(args: string[]) {
  const io = { stdout: '', stderr: '' };
  return main(args, { out: (t) => void (io.stdout += t), err: (t) => void (io.stderr += t) }).then(
    (code) => ({ code, ...io }),
  );
}

const tunnelArgs = [
  '--mode',
  'tunnel',
  '--host',
  'ga=198.51.100.1',
  '--host',
  'gb=203.0.113.1',
  '--subnet',
  'ga=10.1.0.0/16',
  '--subnet',
  'ga=10.3.0.0/24',
  '--subnet',
  'gb=10.2.0.0/16',
];

const freshOut = () => join(mkdtempSync(join(tmpdir(), 'gen-')), 'out');
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');

describe('ipsec-wizard generate --mode tunnel', () => {
  it('writes tunnel files for both gateways, the plan with its subnets, and secrets.json 0600', async () => {
    const out = freshOut();
    const result = await run(['generate', '--out', out, ...tunnelArgs, '--date', '2026-11-28']);
    expect(result.code).toBe(0);
    const conf = read(out, 'gb', 'setkey.conf');
    expect(conf).toMatch(/^add 198\.51\.100\.1 203\.0\.113\.1 esp 0x[0-9a-f]+ -m tunnel -E /m);
    expect(conf).toContain(
      'spdadd 10.3.0.0/24 10.2.0.0/16 any -P in ipsec\n           esp/tunnel/198.51.100.1-203.0.113.1/require;',
    );
    expect(read(out, 'ga', 'ipsec-up.sh')).toContain(
      ' dir fwd tmpl src 203.0.113.1 dst 198.51.100.1 ',
    );
    expect(JSON.parse(read(out, 'plan.json'))).toMatchObject({
      mode: 'tunnel',
      hosts: [{ subnets: ['10.1.0.0/16', '10.3.0.0/24'] }, { subnets: ['10.2.0.0/16'] }],
    });
    expect(statSync(join(out, 'secrets.json')).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(read(out, 'secrets.json')) as { spis: Record<string, number> };
    expect(Object.keys(secrets.spis).sort()).toEqual(['ga>gb:esp', 'gb>ga:esp']);
    expect(read(out, 'README.txt')).toContain('sysctl -w net.ipv4.ip_forward=1');
  });

  it.each([
    [
      ['--subnet', 'ga=10.1.0.7/16'],
      /^ipsec-wizard: --subnet \(host ga\): .*host bits.*10\.1\.0\.0\/16/,
    ],
    [
      ['--subnet', 'gb=10.1.128.0/24'],
      /^ipsec-wizard: --subnet \(host gb\): .*overlaps 10\.1\.0\.0\/16/,
    ],
    [['--subnet', 'gc=10.9.0.0/16'], /^ipsec-wizard: --subnet: no host is named "gc"/],
    [['--subnet', '10.9.0.0/16'], /^ipsec-wizard: --subnet: "10\.9\.0\.0\/16" must read NAME=CIDR/],
    [['--protocols', 'ah+esp'], /^ipsec-wizard: --protocols: AH\+ESP is refused in tunnel mode/],
    [['--host', 'gc=192.0.2.1'], /^ipsec-wizard: --host: Tunnel mode joins exactly two gateways/],
    [['--mode', 'bridge'], /^ipsec-wizard: --mode: /],
    [['--format', 'pdf'], /^ipsec-wizard: --format: "pdf" is not one of both, setkey, xfrm/],
  ])(
    'refuses %j with exit 2, one message naming the option, nothing written',
    async (extra, message) => {
      const out = freshOut();
      const args = [...tunnelArgs, ...extra];
      const result = await run(['generate', '--out', out, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('refuses --subnet in transport mode, naming the option', async () => {
    const out = freshOut();
    const result = await run([
      'generate',
      '--out',
      out,
      '--host',
      'a=10.0.0.1',
      '--host',
      'b=10.0.0.2',
      '--subnet',
      'a=10.1.0.0/16',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^ipsec-wizard: --subnet \(host a\): Subnets are only used in tunnel mode/,
    );
  });

  it('documents the new options in USAGE', () => {
    for (const option of [
      '--mode transport|tunnel',
      '--subnet NAME=CIDR',
      '--reuse FILE',
      '--format both|setkey|xfrm',
    ]) {
      expect(USAGE).toContain(option);
    }
  });
});

describe('ipsec-wizard generate --reuse', () => {
  const hostArgs = (n: number) =>
    Array.from({ length: n }, (_, i) => ['--host', `h${i}=10.0.0.${i + 1}`]).flat();
  const saLines = (text: string) => text.split('\n').filter((l) => l.startsWith('add '));

  it('adds a host without changing any existing line of the running hosts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-'));
    const before = join(dir, 'before');
    const after = join(dir, 'after');
    const common = ['generate', '--date', '2026-11-28'];
    expect((await run([...common, '--out', before, ...hostArgs(3)])).code).toBe(0);
    // The documented way: edit the saved plan.json, give back its secrets.json.
    const plan = JSON.parse(read(before, 'plan.json')) as { hosts: object[] };
    plan.hosts.push({ name: 'h3', address: '10.0.0.4' });
    const edited = join(dir, 'plan-with-h3.json');
    writeFileSync(edited, JSON.stringify(plan));
    const grown = await run([
      ...common,
      '--out',
      after,
      '--plan',
      edited,
      '--reuse',
      join(before, 'secrets.json'),
    ]);
    expect(grown.code).toBe(0);
    expect(grown.stdout).toContain('Kept the SPIs of 6 existing SAs');
    expect(grown.stdout).toContain('6 SAs are new');
    for (const host of ['h0', 'h1', 'h2']) {
      for (const file of ['setkey.conf', 'ipsec-up.sh', 'ipsec-down.sh']) {
        // The closing summary counts the entries, so it alone may change.
        const lines = (d: string) =>
          read(d, host, file)
            .split('\n')
            .filter((l) => !l.startsWith('echo "ipsec-wizard: '));
        const old = lines(before);
        const now = lines(after);
        // Every old line survives, in order; every added line concerns the new host.
        let k = 0;
        const added: string[] = [];
        for (const line of now) {
          if (k < old.length && line === old[k]) k++;
          else added.push(line);
        }
        expect(k, `${host}/${file} lost a line`).toBe(old.length);
        for (const line of added) {
          if (/^(add|spdadd|ip xfrm) /.test(line)) expect(line).toContain('10.0.0.4');
        }
        if (file === 'setkey.conf') {
          expect(saLines(now.join('\n'))).toHaveLength(saLines(old.join('\n')).length + 2);
        }
      }
    }
  });

  it('refuses a secrets file with a broken SPI or that is not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-'));
    const bad = join(dir, 'secrets.json');
    writeFileSync(bad, JSON.stringify({ spis: { 'h0>h1:esp': 12 }, keys: {} }));
    const out = join(dir, 'out');
    const result = await run(['generate', '--out', out, ...hostArgs(2), '--reuse', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ipsec-wizard: --reuse: .*spis\.h0>h1:esp: SPI 12 /);
    writeFileSync(bad, JSON.stringify({ spis: 'none' }));
    expect((await run(['generate', '--out', out, ...hostArgs(2), '--reuse', bad])).stderr).toMatch(
      /--reuse: .* is not a secrets\.json: spis /,
    );
    expect(
      (await run(['generate', '--out', out, ...hostArgs(2), '--reuse', join(dir, 'none')])).stderr,
    ).toMatch(/--reuse: cannot read /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('ipsec-wizard generate --format', () => {
  it('writes only ip xfrm scripts with xfrm, and hmac-sha256 then gets its 128-bit ICV', async () => {
    const out = freshOut();
    const args = [
      'generate',
      '--out',
      out,
      '--host',
      'a=10.0.0.1',
      '--host',
      'b=10.0.0.2',
      '--auth',
      'hmac-sha256',
    ];
    expect((await run([...args, '--format', 'xfrm'])).code).toBe(0);
    expect(existsSync(join(out, 'a', 'setkey.conf'))).toBe(false);
    expect(read(out, 'a', 'ipsec-up.sh')).toMatch(/'hmac\(sha256\)' 0x[0-9a-f]{64} 128$/m);
    const both = freshOut();
    expect((await run([...args.slice(0, 2), both, ...args.slice(3)])).code).toBe(0);
    expect(read(both, 'a', 'ipsec-up.sh')).toMatch(/'hmac\(sha256\)' 0x[0-9a-f]{64} 96$/m);
    const setkeyOnly = freshOut();
    expect(
      (await run([...args.slice(0, 2), setkeyOnly, ...args.slice(3), '--format', 'setkey'])).code,
    ).toBe(0);
    expect(existsSync(join(setkeyOnly, 'a', 'ipsec-up.sh'))).toBe(false);
    expect(existsSync(join(setkeyOnly, 'a', 'setkey.conf'))).toBe(true);
  });
});
