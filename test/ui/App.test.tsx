// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/ui/App';

describe('App shell', () => {
  it('names the product, offers three views and starts on the wizard', () => {
    render(<App />);
    expect(screen.getByRole('banner')).toHaveTextContent('ipsec-wizard');
    const nav = screen.getByRole('navigation', { name: 'Views' });
    expect(nav).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Wizard' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
  });

  it('loads the Check and Learn views on demand', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Check a file' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Check a file' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Check a file' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await user.click(screen.getByRole('button', { name: 'Learn' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Learn' })).toBeVisible();
  });
});
