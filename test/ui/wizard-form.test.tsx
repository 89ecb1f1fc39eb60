// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/ui/App';

/** The wizard as a phone shows it (jsdom has no matchMedia: the narrow layout). */
async function setup() {
  const user = userEvent.setup();
  render(<App />);
  return user;
}

async function typeHosts(user: ReturnType<typeof userEvent.setup>, first: string, second: string) {
  await user.type(screen.getByLabelText('Host 1 address'), first);
  await user.type(screen.getByLabelText('Host 2 address'), second);
}

describe('Wizard: hosts step', () => {
  it('starts with two hosts and puts a bad address error on that exact field', async () => {
    const user = await setup();
    expect(screen.getByRole('group', { name: 'Host 1' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Host 2' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Host 1 address'), '300.1.2.3');
    await waitFor(() =>
      expect(screen.getByLabelText('Host 1 address')).toHaveAccessibleDescription(/300\.1\.2\.3/),
    );
    expect(screen.getByLabelText('Host 1 address')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Host 1 name')).toHaveAttribute('aria-invalid', 'false');
  });

  it('marks the IPv6 host of an IPv4 link on its own address field', async () => {
    const user = await setup();
    await typeHosts(user, '192.0.2.1', '2001:db8::2');
    await waitFor(() =>
      expect(screen.getByLabelText('Host 2 address')).toHaveAccessibleDescription(
        /IPv4 and IPv6 cannot be mixed/,
      ),
    );
    expect(screen.getByLabelText('Host 1 address')).toHaveAttribute('aria-invalid', 'false');
  });

  it('names the repeated address and the repeated name on the later host', async () => {
    const user = await setup();
    await typeHosts(user, '192.0.2.1', '192.0.2.1');
    await waitFor(() =>
      expect(screen.getByLabelText('Host 2 address')).toHaveAccessibleDescription(
        /repeats the address of host 1/,
      ),
    );
    const name2 = screen.getByLabelText('Host 2 name');
    await user.clear(name2);
    await user.type(name2, 'a');
    await waitFor(() => expect(name2).toHaveAccessibleDescription(/repeats the name of host 1/));
  });

  it('adds and removes hosts, never below two', async () => {
    const user = await setup();
    expect(screen.getByRole('button', { name: 'Remove host 1' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Add host' }));
    expect(screen.getByLabelText('Host 3 name')).toHaveValue('c');
    expect(screen.getByRole('button', { name: 'Remove host 1' })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Remove host 3' }));
    expect(screen.queryByLabelText('Host 3 name')).not.toBeInTheDocument();
  });

  it('refuses Next with empty addresses and shows why on the fields', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: /^Next/ }));
    expect(screen.getByRole('heading', { name: '1. Hosts' })).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByLabelText('Host 1 address')).toHaveAttribute('aria-invalid', 'true'),
    );
  });
});

describe('Wizard: steps keep what was typed', () => {
  it('goes forward and back without losing hosts or choices', async () => {
    const user = await setup();
    await typeHosts(user, '192.0.2.1', '192.0.2.2');
    await user.click(screen.getByRole('button', { name: 'Next: Protection' }));
    expect(screen.getByRole('heading', { name: '2. Protection' })).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'AH' }));
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByLabelText('Host 1 address')).toHaveValue('192.0.2.1');
    expect(screen.getByLabelText('Host 2 address')).toHaveValue('192.0.2.2');
    await user.click(screen.getByRole('button', { name: 'Step 2: Protection' }));
    expect(screen.getByRole('radio', { name: 'AH' })).toBeChecked();
  });
});

describe('Wizard: protection step', () => {
  async function toProtection() {
    const user = await setup();
    await typeHosts(user, '192.0.2.1', '192.0.2.2');
    await user.click(screen.getByRole('button', { name: 'Next: Protection' }));
    return user;
  }

  it('lists refused algorithms disabled, with the reason', async () => {
    await toProtection();
    const gcm = screen.getByRole('radio', { name: /AES-GCM/ });
    expect(gcm).toBeDisabled();
    expect(
      screen.getByText(/Not offered with manual keys: AEAD ciphers must not be used/),
    ).toBeVisible();
    expect(screen.getByRole('radio', { name: /AES-CBC \(rijndael-cbc\)/ })).toBeChecked();
    expect(
      screen.getByRole('radio', {
        name: /^AES-CBC \(rijndael-cbc\) 128, 192, 256 bits recommended$/,
      }),
    ).toBeInTheDocument();
  });

  it('lets a weak algorithm be chosen with a visible warning, and offers its key sizes', async () => {
    const user = await toProtection();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /^DES-CBC 64 bits weak/ }));
    expect(screen.getByRole('alert')).toHaveTextContent(/DES-CBC is weak/);
    await user.click(screen.getByRole('radio', { name: /Blowfish-CBC/ }));
    const size = screen.getByLabelText('Encryption key size');
    expect(within(size).getAllByRole('option')).toHaveLength(52);
    expect(size).toHaveValue('128');
  });

  it('applies the article preset and keeps typed hosts when asked to', async () => {
    const user = await toProtection();
    expect(screen.getByRole('button', { name: 'Recommended' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await user.click(screen.getByRole('button', { name: 'The article (2006)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Keep your hosts?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep my hosts' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('radio', { name: 'AH + ESP' })).toBeChecked();
    expect(screen.getByRole('radio', { name: /^HMAC-SHA-1 160 bits/ })).toBeChecked();
    expect(screen.getByLabelText('Encryption key size')).toHaveValue('192');
    expect(screen.getByRole('button', { name: 'The article (2006)' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByLabelText('Host 1 address')).toHaveValue('192.0.2.1');
    expect(screen.getByLabelText('Host 2 address')).toHaveValue('192.0.2.2');
  });

  it('fills the article hosts only when nothing was typed', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Step 2: Protection' }));
    await user.click(screen.getByRole('button', { name: 'The article (2006)' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Step 1: Hosts' }));
    expect(screen.getByLabelText('Host 1 address')).toHaveValue('192.168.1.100');
    expect(screen.getByLabelText('Host 2 address')).toHaveValue('192.168.2.100');
  });
});

describe('Wizard: tunnel mode', () => {
  it('asks for the subnets behind each gateway only in tunnel mode, and previews the tunnel', async () => {
    const user = await setup();
    expect(screen.queryByLabelText('Host 1 subnets behind it')).not.toBeInTheDocument();
    await typeHosts(user, '203.0.113.1', '198.51.100.1');
    await user.click(screen.getByRole('button', { name: 'Step 2: Protection' }));
    await user.click(screen.getByRole('radio', { name: 'Tunnel' }));
    await user.click(screen.getByRole('button', { name: 'Step 1: Hosts' }));
    const subnets1 = screen.getByLabelText('Host 1 subnets behind it');
    await user.type(subnets1, '10.1.0.7/16');
    await waitFor(() => expect(subnets1).toHaveAccessibleDescription(/host bits set/));
    await user.clear(subnets1);
    await user.type(subnets1, '10.1.0.0/16');
    await user.type(screen.getByLabelText('Host 2 subnets behind it'), '10.2.0.0/16');
    await user.click(screen.getByRole('button', { name: 'Step 5: Preview' }));
    const list = await screen.findByRole('list', { name: 'Lines of a/setkey.conf' });
    await waitFor(() =>
      expect(list).toHaveTextContent('spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec'),
    );
    expect(list).toHaveTextContent('esp/tunnel/203.0.113.1-198.51.100.1/require');
    // Back to transport: the subnets are kept in the form but not used.
    await user.click(screen.getByRole('button', { name: 'Step 2: Protection' }));
    await user.click(screen.getByRole('radio', { name: 'Transport' }));
    await user.click(screen.getByRole('button', { name: 'Step 5: Preview' }));
    const again = await screen.findByRole('list', { name: 'Lines of a/setkey.conf' });
    await waitFor(() =>
      expect(again).toHaveTextContent('spdadd 203.0.113.1 198.51.100.1 any -P out ipsec'),
    );
  });
});
