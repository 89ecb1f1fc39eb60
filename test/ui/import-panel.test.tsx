// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ImportPanel } from '../../src/ui/import/ImportPanel';

// import.meta.url is not a file URL under jsdom; vitest runs from the repository root.
const dir = resolve('test/fixtures/setkey') + '/';
const fixture = (name: string) => readFileSync(`${dir}${name}.conf`, 'utf8');
const fileOf = (name: string, text = fixture(name), type = 'text/plain') =>
  new File([text], `${name}.conf`, { type });

const firstBox = () => screen.getByRole('textbox', { name: 'setkey.conf of the first host' });
const secondBox = () => screen.getByRole('textbox', { name: 'setkey.conf of the second host' });
const status = () => screen.getAllByRole('status')[0]!;

function setup() {
  const onLoadPlan = vi.fn();
  const user = userEvent.setup();
  render(<ImportPanel onLoadPlan={onLoadPlan} />);
  return { user, onLoadPlan };
}

describe('ImportPanel', () => {
  it('checks pasted text, lists findings with hints and marks the lines', async () => {
    const { user } = setup();
    await user.click(firstBox());
    await user.paste(fixture('bad-reserved-spi'));
    expect(status()).toHaveTextContent('First host: 1 error, 0 warnings.');
    const list = screen.getByRole('list', { name: 'Findings for the first host' });
    const item = within(list)
      .getByText(/SPI 100 is reserved/)
      .closest('li')!;
    expect(item).toHaveTextContent('error');
    expect(item).toHaveTextContent(/How to fix: Pick an unused SPI of 0x100 or more/);
    expect(within(item).queryByRole('button', { name: /Apply fix/ })).toBeNull();

    const marked = screen.getByRole('list', { name: 'Marked text of the first host' });
    const line3 = within(marked).getAllByRole('listitem')[2]!;
    expect(line3).toHaveAttribute('data-severity', 'error');
    expect(line3).toHaveAttribute('tabindex', '0');
    expect(line3).toHaveTextContent(/Line 3: error: SPI 100 is reserved/);
    expect(within(marked).getAllByRole('listitem')[0]).toHaveAttribute('tabindex', '-1');
    // The SPI itself (column 27) is marked, not just its line.
    expect(line3.querySelector('mark')).toHaveTextContent(/^100$/);

    await user.click(within(item).getByRole('button', { name: /go to line 3, column 27/ }));
    expect(line3).toHaveFocus();
  });

  it('explains the selected line of the imported file, a continuation line as part of its statement', async () => {
    const { user } = setup();
    await user.click(firstBox());
    await user.paste(fixture('mirror-host-a'));
    const marked = screen.getByRole('list', { name: 'Marked text of the first host' });
    const items = within(marked).getAllByRole('listitem');
    // Line 5: "add 10.60.0.1 10.60.0.2 esp 0x47928fee", the start of an SA.
    await user.click(items[4]!);
    expect(items[4]).toHaveAttribute('aria-current', 'true');
    const region = within(marked).getByRole('region', { name: 'Explanation of the selected line' });
    expect(region).toHaveTextContent(/SPI/);
    expect(within(region).getAllByRole('term').length).toBeGreaterThanOrEqual(5);
    // Down to "-E rijndael-cbc 0x…": explained as the encryption of that SA, with its key length.
    await user.keyboard('{ArrowDown}');
    expect(items[5]).toHaveFocus();
    const next = within(marked).getByRole('region', { name: 'Explanation of the selected line' });
    expect(next).toHaveTextContent(/256 bits/);
    expect(next).not.toHaveTextContent('(not recognised)');
    await user.keyboard('{Escape}');
    expect(within(marked).queryByRole('region')).toBeNull();
  });

  it('applies a mechanical fix to the text and checks it again', async () => {
    const { user } = setup();
    await user.click(firstBox());
    await user.paste(fixture('bad-level-use'));
    expect(status()).toHaveTextContent('First host: 0 errors, 2 warnings.');
    const [first] = screen.getAllByRole('button', {
      name: 'Apply fix: change the level to require',
    });
    await user.click(first!);
    expect(status()).toHaveTextContent('First host: 0 errors, 1 warning.');
    await user.click(screen.getByRole('button', { name: 'Apply all fixes for the first host' }));
    expect(status()).toHaveTextContent('First host: no findings.');
    expect((firstBox() as HTMLTextAreaElement).value).not.toMatch(/\/use;/);
  });

  it('uploads both hosts’ files through the file picker and runs the mirror check', async () => {
    const { user } = setup();
    await user.upload(screen.getByLabelText('Open setkey.conf files'), [
      fileOf('mirror-host-a'),
      fileOf('mirror-host-b'),
    ]);
    await waitFor(() => expect(secondBox()).toHaveValue(fixture('mirror-host-b')));
    expect(firstBox()).toHaveValue(fixture('mirror-host-a'));
    await waitFor(() =>
      expect(status()).toHaveTextContent('The two files do not mirror each other.'),
    );
    const mirror = screen.getByRole('list', { name: 'Mirror check for the first host' });
    expect(mirror).toHaveTextContent(
      /its line 9 has this esp SA .* with a different encryption key/,
    );
    expect(
      screen.getAllByText(/The first line that does not mirror the other file is line 9/),
    ).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Load into the wizard' })).toBeDisabled();
  });

  it('refuses a binary or oversized file with a clear message', async () => {
    const { user } = setup();
    const binary = new File(
      [new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0xff, 0xfe])],
      'setkey.conf',
    );
    await user.upload(screen.getByLabelText('Open setkey.conf files'), binary);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'setkey.conf was refused: it is not UTF-8 text',
    );
    const big = new File(['#'.repeat(1024 * 1024 + 1)], 'huge.conf');
    await user.upload(screen.getByLabelText('Open setkey.conf files'), big);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /huge\.conf was refused: it has 1048577 bytes/,
    );
    expect(firstBox()).toHaveValue('');
  });

  it('refuses pasted binary text without marking it', async () => {
    const { user } = setup();
    await user.click(firstBox());
    await user.paste('flush;\n\u0000\u0001ELF');
    expect(screen.getByRole('alert')).toHaveTextContent(
      /This input was refused: Line 2, column 1 holds the control byte 0x00/,
    );
    expect(screen.queryByRole('list', { name: 'Marked text of the first host' })).toBeNull();
  });

  it('takes one or two dropped files', async () => {
    setup();
    const zone = screen.getByTestId('import-drop-zone');
    fireEvent.drop(zone, { dataTransfer: { files: [fileOf('good-modern-host-a')] } });
    await waitFor(() => expect(firstBox()).toHaveValue(fixture('good-modern-host-a')));
    fireEvent.drop(zone, { dataTransfer: { files: [fileOf('good-modern-host-b')] } });
    await waitFor(() => expect(secondBox()).toHaveValue(fixture('good-modern-host-b')));
    await waitFor(() => expect(status()).toHaveTextContent('The two files mirror each other.'));
    fireEvent.drop(zone, {
      dataTransfer: {
        files: [fileOf('good-ipv6-host-a'), fileOf('good-ipv6-host-b'), fileOf('good-compact')],
      },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(/3 files were given/);
  });

  it('loads a clean pair into the wizard with its SPIs and keys', async () => {
    const { user, onLoadPlan } = setup();
    await user.upload(screen.getByLabelText('Open setkey.conf files'), [
      fileOf('good-article-host-a'),
      fileOf('good-article-host-b'),
    ]);
    const load = screen.getByRole('button', { name: 'Load into the wizard' });
    await waitFor(() => expect(load).toBeEnabled());
    await user.click(load);
    expect(onLoadPlan).toHaveBeenCalledTimes(1);
    const [plan, secrets] = onLoadPlan.mock.calls[0]!;
    expect(plan).toMatchObject({
      hosts: [
        { name: 'a', address: '192.168.10.1' },
        { name: 'b', address: '192.168.10.2' },
      ],
      protocols: 'ah+esp',
      integrity: { algorithm: 'hmac-sha1' },
    });
    expect(secrets.spis).toEqual({
      'a>b:ah': 0x200,
      'b>a:ah': 0x300,
      'a>b:esp': 0x201,
      'b>a:esp': 0x301,
    });
    expect(screen.getByText(/Loaded: the wizard now shows this link/)).toBeInTheDocument();
  });

  it('explains why a file with errors cannot be loaded', async () => {
    const { user } = setup();
    await user.click(firstBox());
    await user.paste(fixture('bad-key-length'));
    const why = screen.getByRole('list', { name: 'Why the files cannot be loaded yet' });
    expect(why).toHaveTextContent(
      /First host, line 3: This file has 2 errors \(the first on line 3\)/,
    );
    expect(screen.getByRole('button', { name: 'Load into the wizard' })).toBeDisabled();
  });
});
