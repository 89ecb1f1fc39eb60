// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/ui/App';
import { renderBundle } from '../../src/core/render/bundle';
import { buildLink } from '../../src/core/model';
import { planSchema } from '../../src/core/plan';
import { parsePlanFile } from '../../src/ui/wizard/values';

/** Desktop layout: every media query matches (md and lg and up). */
function desktopMedia() {
  window.matchMedia = ((query: string) => ({
    matches: true,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
}

const saved: { blobs: Blob[] } = { blobs: [] };

beforeEach(() => {
  desktopMedia();
  saved.blobs = [];
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    saved.blobs.push(blob as Blob);
    return `blob:test/${saved.blobs.length}`;
  };
  URL.revokeObjectURL = () => {};
  HTMLAnchorElement.prototype.click = () => {};
  window.location.hash = '';
});

afterEach(() => {
  // @ts-expect-error jsdom has no matchMedia of its own; remove the stub again.
  delete window.matchMedia;
});

async function fillTwoHosts() {
  const user = userEvent.setup();
  render(<App />);
  await user.type(screen.getByLabelText('Host 1 address'), '192.168.1.100');
  await user.type(screen.getByLabelText('Host 2 address'), '192.168.2.100');
  await screen.findByRole('list', { name: 'Lines of a/setkey.conf' });
  return user;
}

const textOf = (path: string) =>
  within(screen.getByRole('list', { name: `Lines of ${path}` }))
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');

describe('Wizard preview', () => {
  it('shows both hosts side by side, with mirrored policies', async () => {
    await fillTwoHosts();
    const a = textOf('a/setkey.conf');
    const b = textOf('b/setkey.conf');
    expect(a).toContain('spdadd 192.168.1.100 192.168.2.100 any -P out ipsec');
    expect(a).toContain('spdadd 192.168.2.100 192.168.1.100 any -P in ipsec');
    expect(b).toContain('spdadd 192.168.2.100 192.168.1.100 any -P out ipsec');
    expect(b).toContain('spdadd 192.168.1.100 192.168.2.100 any -P in ipsec');
    // The same SA (same SPI) appears on both hosts.
    const spiLine = (lines: string[]) =>
      lines.find((l) => l.startsWith('add 192.168.1.100 192.168.2.100 esp'))?.split(' ')[4];
    expect(spiLine(a)).toMatch(/^0x[0-9a-f]+$/);
    expect(spiLine(a)).toBe(spiLine(b));
  });

  it('masks keys until Show keys, and both hosts hold the same key for an SA', async () => {
    const user = await fillTwoHosts();
    const longHex = /0x[0-9a-f]{32,}/;
    expect(textOf('a/setkey.conf').join('\n')).not.toMatch(longHex);
    await user.click(screen.getByRole('checkbox', { name: 'Show keys' }));
    const keyOf = (lines: string[]) =>
      lines
        .find((l) => l.startsWith('add 192.168.1.100 192.168.2.100 esp'))
        ?.match(/-E rijndael-cbc (0x[0-9a-f]+)/)?.[1];
    expect(keyOf(textOf('a/setkey.conf'))).toMatch(/^0x[0-9a-f]{64}$/);
    expect(keyOf(textOf('a/setkey.conf'))).toBe(keyOf(textOf('b/setkey.conf')));
  });

  it('keeps keys and SPIs while typing, and the last good files while the plan is invalid', async () => {
    const user = await fillTwoHosts();
    const before = textOf('a/setkey.conf').find((l) => l.startsWith('add '));
    await user.type(screen.getByLabelText('Host 2 address'), '9');
    expect(await screen.findByText(/The preview shows the last valid setup/)).toBeVisible();
    expect(screen.getByRole('button', { name: /Host 2 address:/ })).toBeInTheDocument();
    expect(textOf('a/setkey.conf').find((l) => l.startsWith('add '))).toBe(before);
    await user.type(screen.getByLabelText('Host 2 address'), '{Backspace}');
    await waitFor(() => expect(screen.queryByText(/last valid setup/)).not.toBeInTheDocument());
    expect(textOf('a/setkey.conf').find((l) => l.startsWith('add '))).toBe(before);
  });

  it('validates an edited SPI on its own field and uses a valid one in both files', async () => {
    const user = await fillTwoHosts();
    const spi = screen.getByLabelText('SPI of a → b ESP');
    await user.clear(spi);
    await user.type(spi, '0x12');
    await waitFor(() => expect(spi).toHaveAccessibleDescription(/0-255 are reserved/));
    await user.clear(spi);
    await user.type(spi, 'zz');
    await waitFor(() => expect(spi).toHaveAccessibleDescription(/hex \(0x1f00\) or decimal/));
    await user.clear(spi);
    await user.type(spi, '4660');
    await waitFor(() => expect(spi).not.toHaveAttribute('aria-invalid', 'true'));
    await waitFor(() =>
      expect(textOf('b/setkey.conf')).toContain(
        textOf('b/setkey.conf').find((l) => l.includes(' esp 0x1234 ')),
      ),
    );
    expect(
      textOf('a/setkey.conf').some((l) =>
        l.startsWith('add 192.168.1.100 192.168.2.100 esp 0x1234 '),
      ),
    ).toBe(true);
    const other = screen.getByLabelText('SPI of b → a ESP');
    await user.clear(other);
    await user.type(other, '0x1234');
    await waitFor(() => expect(other).toHaveAccessibleDescription(/used by both/));
  });

  it('uses a key pasted by hand and refuses a key of the wrong length', async () => {
    const user = await fillTwoHosts();
    await user.click(screen.getByRole('radio', { name: 'Pasted by hand' }));
    const field = await screen.findByLabelText('encryption key of a → b ESP (256 bits, hex)');
    await user.type(field, 'abcd');
    await waitFor(() =>
      expect(field).toHaveAccessibleDescription(/256-bit key: 64 hex digits, not 4/),
    );
    await user.clear(field);
    const key = '11'.repeat(32);
    fireEvent.change(field, { target: { value: key } });
    await user.click(screen.getByRole('checkbox', { name: 'Show keys' }));
    await waitFor(() =>
      expect(textOf('b/setkey.conf').join('\n')).toContain(`-E rijndael-cbc 0x${key}`),
    );
  });

  it('saves a plan without keys by default, with them when asked, and loads it back', async () => {
    const user = await fillTwoHosts();
    await user.click(screen.getByRole('button', { name: 'Save plan' }));
    const plain = await saved.blobs.at(-1)!.text();
    expect(plain).not.toMatch(/secrets|[0-9a-f]{32}/);
    expect(JSON.parse(plain).hosts).toEqual([
      { name: 'a', address: '192.168.1.100' },
      { name: 'b', address: '192.168.2.100' },
    ]);
    await user.click(screen.getByRole('checkbox', { name: 'include keys' }));
    await user.click(screen.getByRole('button', { name: 'Save plan' }));
    const withKeys = await saved.blobs.at(-1)!.text();
    const parsed = parsePlanFile(withKeys);
    expect('secrets' in parsed && parsed.secrets && Object.keys(parsed.secrets.keys)).toHaveLength(
      4,
    );

    // Change the form, then load the saved file: hosts, SPIs and keys come back.
    await user.click(screen.getByRole('checkbox', { name: 'Show keys' }));
    const before = textOf('a/setkey.conf').filter((l) => l.startsWith('add '));
    await user.click(screen.getByRole('button', { name: 'Regenerate keys and SPIs' }));
    await waitFor(() =>
      expect(textOf('a/setkey.conf').filter((l) => l.startsWith('add '))).not.toEqual(before),
    );
    await user.clear(screen.getByLabelText('Host 1 address'));
    await user.type(screen.getByLabelText('Host 1 address'), '10.0.0.1');
    const input = screen.getByLabelText('Plan file to load');
    await user.upload(input, new File([withKeys], 'ipsec-plan.json', { type: 'application/json' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Host 1 address')).toHaveValue('192.168.1.100'),
    );
    await waitFor(() =>
      expect(textOf('a/setkey.conf').filter((l) => l.startsWith('add '))).toEqual(before),
    );
  });

  it('names the field when a loaded plan is wrong', async () => {
    const user = await fillTwoHosts();
    const bad = JSON.stringify({
      hosts: [
        { name: 'a', address: '10.0.0.1' },
        { name: 'b', address: 'nope' },
      ],
    });
    await user.upload(screen.getByLabelText('Plan file to load'), new File([bad], 'bad.json'));
    expect(await screen.findByText(/bad\.json: hosts\.1\.address: /)).toBeVisible();
    expect(screen.getByLabelText('Host 1 address')).toHaveValue('192.168.1.100');
  });

  it('copies a share link that holds the plan and no key', async () => {
    const user = await fillTwoHosts();
    await user.click(screen.getByRole('checkbox', { name: 'Show keys' }));
    const keys =
      textOf('a/setkey.conf')
        .join('\n')
        .match(/0x[0-9a-f]{32,}/g) ?? [];
    expect(keys.length).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: 'Copy share link' }));
    // userEvent.setup() puts its own clipboard in place; read what the app wrote to it.
    const url = await navigator.clipboard.readText();
    expect(url).toContain('#plan=');
    for (const key of keys) expect(url).not.toContain(key.slice(2));
    const plan = JSON.parse(decodeURIComponent(url.split('#plan=')[1]!));
    expect(Object.keys(plan)).not.toContain('secrets');
    expect(plan.hosts[1]).toEqual({ name: 'b', address: '192.168.2.100' });
  });

  it('loads the plan from the address fragment on start', async () => {
    const plan = planSchema.parse({
      hosts: [
        { name: 'left', address: '10.1.0.1' },
        { name: 'right', address: '10.2.0.1' },
      ],
      protocols: 'ah',
    });
    window.location.hash = `#plan=${encodeURIComponent(JSON.stringify(plan))}`;
    render(<App />);
    expect(screen.getByLabelText('Host 1 name')).toHaveValue('left');
    expect(screen.getByRole('radio', { name: 'AH' })).toBeChecked();
    expect(
      await screen.findByRole('list', { name: 'Lines of right/setkey.conf' }),
    ).toBeInTheDocument();
  });

  it('offers the same files as the core bundle, per file Download named host-file', async () => {
    const user = await fillTwoHosts();
    await user.click(screen.getByRole('button', { name: 'Download a/setkey.conf' }));
    expect(await saved.blobs.at(-1)!.text()).toMatch(/^#!\/usr\/sbin\/setkey -f\n/);
    const core = renderBundle(
      await buildLink(
        planSchema.parse({
          hosts: [
            { name: 'a', address: '192.168.1.100' },
            { name: 'b', address: '192.168.2.100' },
          ],
        }),
      ),
      { toolVersion: 't', date: 'd' },
    ).filter((f) => f.host === 'a');
    const tabs = within(screen.getByRole('tablist', { name: 'Files of host a' })).getAllByRole(
      'tab',
    );
    expect(tabs.map((t) => `a/${t.textContent}`)).toEqual(core.map((f) => f.path));
  });

  it('shows line detail from renderLineDetail next to a line chosen by keyboard', async () => {
    const user = userEvent.setup();
    render(
      <App
        renderLineDetail={(file, i) => (
          <span>
            detail of {file.path} line {i + 1}
          </span>
        )}
      />,
    );
    await user.type(screen.getByLabelText('Host 1 address'), '192.168.1.100');
    await user.type(screen.getByLabelText('Host 2 address'), '192.168.2.100');
    const list = await screen.findByRole('list', { name: 'Lines of a/setkey.conf' });
    const first = within(list).getAllByRole('listitem')[0]!;
    first.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(within(list).getAllByRole('listitem')[2]).toHaveFocus();
    expect(within(list).getByText('detail of a/setkey.conf line 3')).toBeVisible();
    await user.click(within(list).getAllByRole('listitem')[7]!);
    expect(within(list).getByText('detail of a/setkey.conf line 8')).toBeVisible();
    expect(within(list).getAllByRole('listitem')[7]).toHaveAttribute('aria-current', 'true');
  });

  it('copies a file with a confirmation, and lists only the chosen formats', async () => {
    const user = await fillTwoHosts();
    await user.click(screen.getByRole('button', { name: 'Copy a/setkey.conf' }));
    expect(await navigator.clipboard.readText()).toMatch(/^#!\/usr\/sbin\/setkey -f\n/);
    expect(await screen.findByText('Copied a/setkey.conf (with its keys).')).toBeVisible();
    const tabs = () =>
      within(screen.getByRole('tablist', { name: 'Files of host a' }))
        .getAllByRole('tab')
        .map((t) => t.textContent);
    expect(tabs()).toEqual(['setkey.conf', 'ipsec-up.sh', 'ipsec-down.sh']);
    await user.click(screen.getByRole('radio', { name: 'ip xfrm scripts' }));
    await waitFor(() => expect(tabs()).toEqual(['ipsec-up.sh', 'ipsec-down.sh']));
    await user.click(screen.getByRole('radio', { name: 'setkey.conf' }));
    await waitFor(() =>
      expect(screen.queryByRole('tablist', { name: 'Files of host a' })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('list', { name: 'Lines of a/setkey.conf' })).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Lines of a/ipsec-up.sh' })).not.toBeInTheDocument();
  });

  it('continues a CLI bundle: its plan.json and secrets.json load, then a new host adds SAs only', async () => {
    const link = await buildLink(
      planSchema.parse({
        hosts: [
          { name: 'a', address: '192.168.1.100' },
          { name: 'b', address: '192.168.2.100' },
        ],
      }),
    );
    const bundle = renderBundle(link, { toolVersion: 't', date: 'd' });
    const text = (path: string) => bundle.find((f) => f.path === path)!.text;
    const addLines = (body: string) => body.split('\n').filter((l) => l.startsWith('add '));
    const user = userEvent.setup();
    render(<App />);
    await user.upload(screen.getByLabelText('Plan file to load'), [
      new File([text('plan.json')], 'plan.json'),
      new File([text('secrets.json')], 'secrets.json'),
    ]);
    await user.click(await screen.findByRole('checkbox', { name: 'Show keys' }));
    await waitFor(() =>
      expect(addLines(textOf('a/setkey.conf').join('\n'))).toEqual(addLines(text('a/setkey.conf'))),
    );
    await user.click(screen.getByRole('button', { name: 'Add host' }));
    await user.type(screen.getByLabelText('Host 3 address'), '192.168.3.100');
    await waitFor(() => expect(addLines(textOf('a/setkey.conf').join('\n'))).toHaveLength(4));
    const now = addLines(textOf('a/setkey.conf').join('\n'));
    for (const line of addLines(text('a/setkey.conf'))) expect(now).toContain(line);
  });
});
