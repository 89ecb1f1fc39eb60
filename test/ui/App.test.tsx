// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CheckViewProps } from '../../src/ui/views/CheckView';
import { App } from '../../src/ui/App';

// Stands in for the import panel the lead wires into "Check a file": it hands a plan over.
vi.mock('../../src/ui/views/CheckView', () => ({
  default: ({ onLoadPlan }: CheckViewProps) => (
    <>
      <h1>Check a file</h1>
      <button
        type="button"
        onClick={() =>
          onLoadPlan?.(
            {
              hosts: [
                { name: 'left', address: '10.9.0.1' },
                { name: 'right', address: '10.9.0.2' },
              ],
            },
            { spis: { 'left>right:esp': 0x4242 }, keys: {} },
          )
        }
      >
        Load into the wizard
      </button>
    </>
  ),
}));

describe('App shell', () => {
  it('names the product, offers three views and starts on the wizard', () => {
    render(<App />);
    expect(screen.getByRole('banner')).toHaveTextContent('ipsec-wizard');
    expect(screen.getByRole('navigation', { name: 'Views' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Wizard' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
  });

  it('loads the Check and Learn views on demand, keeping what was typed in the wizard', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(screen.getByLabelText('Host 1 address'), '192.0.2.1');
    await user.click(screen.getByRole('button', { name: 'Check a file' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Check a file' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Check a file' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(screen.queryByRole('heading', { name: 'Set up IPsec between hosts' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Learn' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Learn' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Wizard' }));
    expect(screen.getByLabelText('Host 1 address')).toHaveValue('192.0.2.1');
  });

  it('takes a plan and its SPIs from another view into the wizard', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Check a file' }));
    await user.click(await screen.findByRole('button', { name: 'Load into the wizard' }));
    expect(screen.getByRole('button', { name: 'Wizard' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByLabelText('Host 1 name')).toHaveValue('left');
    expect(screen.getByLabelText('Host 2 address')).toHaveValue('10.9.0.2');
    await user.click(screen.getByRole('button', { name: 'Step 3: Keys and SPIs' }));
    await waitFor(() =>
      expect(screen.getByLabelText('SPI of left → right ESP')).toHaveValue('0x4242'),
    );
  });
});
