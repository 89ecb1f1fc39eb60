// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { App } from '../../src/ui/App';

describe('App', () => {
  it('shows the product name as the main heading', () => {
    render(<App />);
    expect(screen.getByRole('heading', { level: 1, name: 'ipsec-wizard' })).toBeInTheDocument();
  });
});
