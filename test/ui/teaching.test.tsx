// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildLink, type Link } from '../../src/core/model';
import { planSchema } from '../../src/core/plan';
import { PRESETS } from '../../src/core/presets';
import { renderSetkeyConf } from '../../src/core/render/setkey';
import { renderXfrmDown, renderXfrmUp } from '../../src/core/render/xfrm';
import { explainLine } from '../../src/core/explain';
import { renderHostFiles } from '../../src/core/render/bundle';
import {
  FileLineExplanation,
  LineExplanation,
  LineExplorer,
  TeachingMode,
  ThenAndNow,
  Troubleshooting,
  Walkthrough,
} from '../../src/ui/teaching';

const meta = { toolVersion: '0.1.0', date: '2026-11-28' };
let link: Link;

beforeAll(async () => {
  link = await buildLink(planSchema.parse(PRESETS.article));
});

function mockClipboard(writeText: ((text: string) => Promise<void>) | undefined) {
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: writeText ? { writeText } : undefined,
  });
}

describe('LineExplanation', () => {
  it('shows the summary and each token as a term with its explanation', () => {
    const sa = link.sas.find((s) => s.protocol === 'esp' && s.from === 'a')!;
    const line = `add 192.168.1.100 192.168.2.100 esp 0x201 -E rijndael-cbc 0x${sa.encryption!.keyHex};`;
    render(<LineExplanation format="setkey" line={line} link={link} hostName="a" />);
    const region = screen.getByRole('region', { name: 'Explanation of the selected line' });
    expect(
      within(region).getByText(/Host a sends with it and host b receives with it/),
    ).toBeInTheDocument();
    const terms = within(region).getAllByRole('term');
    const definitions = within(region).getAllByRole('definition');
    expect(terms).toHaveLength(9);
    expect(definitions).toHaveLength(9);
    const spiIndex = terms.findIndex((t) => t.textContent?.includes('0x201'));
    expect(terms[spiIndex]).toHaveTextContent('(SPI)');
    expect(definitions[spiIndex]).toHaveTextContent('513 in decimal');
    const keyIndex = terms.findIndex((t) => t.textContent?.includes('(secret key)'));
    expect(definitions[keyIndex]).toHaveTextContent('192 bits');
    // The key itself is not repeated in the explanation.
    expect(region.textContent).not.toContain(sa.encryption!.keyHex);
  });

  it('gives every token of every line of every generated format an explanation', () => {
    const host = link.hosts[1]!;
    const files = [
      ['setkey', renderSetkeyConf(link, host, meta)],
      ['xfrm-up', renderXfrmUp(link, host, meta)],
      ['xfrm-down', renderXfrmDown(link, host, meta)],
    ] as const;
    for (const [format, text] of files) {
      for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
        const { unmount } = render(
          <LineExplanation format={format} line={line} link={link} hostName={host.name} />,
        );
        const expected = explainLine(format, line, { link, hostName: host.name }).tokens.length;
        const definitions = screen.getAllByRole('definition');
        expect(definitions).toHaveLength(expected);
        for (const d of definitions) expect(d.textContent?.trim()).not.toBe('');
        expect(screen.queryByText('(not recognised)')).toBeNull();
        unmount();
      }
    }
  });

  it('names the policy a rule line belongs to when given the statement start', () => {
    render(
      <LineExplanation
        format="setkey"
        line="           ah/transport//require;"
        link={link}
        statementStart="spdadd 192.168.2.100 192.168.1.100 any -P in ipsec"
      />,
    );
    expect(
      screen.getByText(/^Continues the inbound policy for any packets from host b/),
    ).toBeInTheDocument();
    expect(screen.getByText('(rule)')).toBeInTheDocument();
    expect(screen.getByText('(end of statement)')).toBeInTheDocument();
  });

  it('says plainly when a token is not recognised', () => {
    render(<LineExplanation format="setkey" line="add 10.0.0.1 10.0.0.2 esp 0x300 -E rot13;" />);
    expect(screen.getByText('(not recognised)')).toBeInTheDocument();
    expect(screen.getByText(/^Not recognised/)).toBeInTheDocument();
  });
});

describe('Walkthrough', () => {
  afterEach(() => mockClipboard(undefined));

  it('opens one step at a time and moves by keyboard', async () => {
    const user = userEvent.setup();
    render(<Walkthrough link={link} />);
    expect(screen.getByRole('heading', { level: 2, name: /Walkthrough/ })).toBeInTheDocument();
    const first = screen.getByRole('button', { name: 'Step 1 of 9: Kernel and tools' });
    expect(first).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('modprobe -a ah4 esp4 xfrm_user af_key')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const spd = screen.getByRole('button', { name: /The SPD/ });
    expect(spd).toHaveAttribute('aria-expanded', 'true');
    expect(spd).toHaveFocus();
    expect(first).toHaveAttribute('aria-expanded', 'false');
    // Tab from the open step's controls onwards and open a later step with the keyboard.
    const sniff = screen.getByRole('button', { name: /the wire shows only AH and ESP/ });
    for (let i = 0; i < 40 && document.activeElement !== sniff; i++) await user.tab();
    expect(sniff).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(sniff).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('tcpdump -n -i IFACE esp or ah')).toBeInTheDocument();
    expect(screen.getByLabelText(/Expected output/, { selector: 'pre' }).textContent).toContain(
      'AH(spi=0x00000200,seq=0x1,icv=0x…): ESP(spi=0x00000201,seq=0x1)',
    );
  });

  it('copies a command and confirms it visibly', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(async () => {});
    render(<Walkthrough link={link} />);
    mockClipboard(writeText);
    await user.click(
      screen.getByRole('button', { name: 'Copy: Load the kernel modules (as root)' }),
    );
    expect(writeText).toHaveBeenCalledWith('modprobe -a ah4 esp4 xfrm_user af_key');
    expect(await screen.findByText('Copied to the clipboard.')).toBeInTheDocument();
  });

  it('explains how to copy by hand when the clipboard is refused', async () => {
    const user = userEvent.setup();
    render(<Walkthrough link={link} />);
    mockClipboard(() => Promise.reject(new Error('denied')));
    await user.click(screen.getByRole('button', { name: 'Copy: Check that they are there' }));
    expect(await screen.findByText(/select the command and press Ctrl\+C/)).toBeInTheDocument();
  });

  it('ends with the then-and-now step when a patch handler is given', async () => {
    const user = userEvent.setup();
    const onApplyPatch = vi.fn();
    render(<Walkthrough link={link} onApplyPatch={onApplyPatch} />);
    await user.click(screen.getByRole('button', { name: /Step 10 of 10: Then and now/ }));
    await user.click(
      screen.getByRole('button', {
        name: /Use the modern choice: Use ESP alone with HMAC-SHA-512/,
      }),
    );
    expect(onApplyPatch).toHaveBeenCalledWith(
      { protocols: 'esp', integrity: { algorithm: 'hmac-sha512' } },
      'Use ESP alone with HMAC-SHA-512',
    );
  });
});

describe('ThenAndNow', () => {
  it('offers the modern choice only where the plan makes the old one', async () => {
    const user = userEvent.setup();
    const onApplyPatch = vi.fn();
    render(<ThenAndNow link={link} onApplyPatch={onApplyPatch} />);
    const buttons = screen.getAllByRole('button', { name: /Use the modern choice/ });
    expect(buttons.map((b) => b.textContent)).toEqual([
      'Use the modern choice: Use ESP alone with HMAC-SHA-512',
      'Use the modern choice: Use HMAC-SHA-512',
      'Use the modern choice: Use 256-bit AES keys',
    ]);
    await user.click(buttons[1]!);
    expect(onApplyPatch).toHaveBeenCalledWith(
      { integrity: { algorithm: 'hmac-sha512' } },
      'Use HMAC-SHA-512',
    );
    const sha1 = screen.getByRole('article', { name: 'HMAC-SHA-1 and HMAC-MD5' });
    expect(within(sha1).getByText('Your plan does this')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Next steps' })).toBeInTheDocument();
  });

  it('shows no buttons for a modern plan', async () => {
    const modern = await buildLink(planSchema.parse({ hosts: PRESETS.article.hosts }));
    render(<ThenAndNow link={modern} onApplyPatch={() => {}} />);
    expect(screen.queryByRole('button', { name: /Use the modern choice/ })).toBeNull();
  });
});

describe('Troubleshooting', () => {
  it('lists symptoms as expandable headings with cause, fix and commands', async () => {
    const user = userEvent.setup();
    render(<Troubleshooting link={link} />);
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(9);
    const firewall = screen.getByRole('button', {
      name: /tcpdump on the sender shows the packets leaving/,
    });
    expect(firewall).toHaveAttribute('aria-expanded', 'false');
    await user.click(firewall);
    expect(firewall).toHaveAttribute('aria-expanded', 'true');
    const details = screen.getByRole('region', { name: /tcpdump on the sender/ });
    expect(
      within(details).getByText(
        /ESP is IP protocol 50 and AH is IP protocol 51|AH is IP protocol 51 and ESP is IP protocol 50/,
      ),
    ).toBeInTheDocument();
    expect(
      within(details).getByText('iptables -I INPUT -p esp -s 192.168.2.100 -j ACCEPT'),
    ).toBeInTheDocument();
  });
});

describe('FileLineExplanation', () => {
  it('explains a rule line of a generated file within its policy, seen from the file host', () => {
    const files = renderHostFiles(link, link.hosts[1]!, meta);
    const setkey = files.find((f) => f.kind === 'setkey')!;
    const index = setkey.text.split('\n').findIndex((l) => l.trim() === 'esp/transport//require');
    render(<FileLineExplanation file={setkey} lineIndex={index} link={link} />);
    // Host b's first policy is its outbound one, towards a.
    expect(
      screen.getByText(/^Continues the outbound policy for any packets from host b/),
    ).toBeInTheDocument();
  });

  it('says which files it explains when given another kind', () => {
    const readme = {
      path: 'README.txt',
      kind: 'readme' as const,
      text: 'hello',
      secret: false,
      executable: false,
    };
    render(<FileLineExplanation file={readme} lineIndex={0} />);
    expect(screen.getByText(/cover setkey.conf and the ip xfrm scripts/)).toBeInTheDocument();
  });
});

describe('LineExplorer', () => {
  it('explains a pasted line in the chosen format', async () => {
    const user = userEvent.setup();
    render(<LineExplorer />);
    await user.click(screen.getByRole('radio', { name: 'ip xfrm script' }));
    await user.type(
      screen.getByRole('textbox', { name: 'Line to explain' }),
      'ip xfrm state flush',
    );
    expect(screen.getByText(/^Empties the SAD/)).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'setkey.conf' }));
    expect(screen.getByText(/"ip" does not start a setkey statement/)).toBeInTheDocument();
  });
});

describe('TeachingMode', () => {
  it('puts the walkthrough, troubleshooting and line explainer on one page', () => {
    render(<TeachingMode link={link} onApplyPatch={() => {}} />);
    for (const name of [/Walkthrough/, 'When it does not work', 'Explain a line']) {
      expect(screen.getByRole('heading', { level: 2, name })).toBeInTheDocument();
    }
    expect(screen.getByRole('button', { name: /Then and now/ })).toBeInTheDocument();
  });
});
