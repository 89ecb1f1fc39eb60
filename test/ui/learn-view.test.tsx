// @vitest-environment jsdom
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildLink, type Link } from '../../src/core/model';
import { planSchema } from '../../src/core/plan';
import LearnView from '../../src/ui/views/LearnView';
import { App } from '../../src/ui/App';
import { createLinkStore } from '../../src/ui/wizard/link-store';

let own: Link;

beforeAll(async () => {
  own = await buildLink(
    planSchema.parse({
      hosts: [
        { name: 'web', address: '10.1.0.5' },
        { name: 'db', address: '10.1.0.6' },
      ],
      protocols: 'ah+esp',
    }),
  );
});

/** The walkthrough's sections are closed but mounted: their text is searchable. */
const walkthroughText = async () =>
  (await screen.findByRole('region', { name: /Walkthrough/ })).textContent ?? '';

describe('Learn view', () => {
  it('teaches with the article setup while the wizard holds no valid plan', async () => {
    render(<LearnView wizardLink={createLinkStore()} />);
    expect(screen.getByRole('radio', { name: /Your plan/ })).toBeDisabled();
    expect(screen.getByRole('radio', { name: /article's setup/ })).toBeChecked();
    await waitFor(async () => expect(await walkthroughText()).toContain('192.168.2.100'));
    // The choices line is the core's, for the plan being taught.
    expect(
      screen.getByText(/^Choices: transport mode, AH\+ESP, rijndael-cbc 192-bit, hmac-sha1/),
    ).toBeVisible();
  });

  it("teaches with the wizard's plan, follows its changes, and can switch to the article", async () => {
    const user = userEvent.setup();
    const store = createLinkStore();
    store.set(own);
    render(<LearnView wizardLink={store} />);
    expect(screen.getByRole('radio', { name: /Your plan: web \(10\.1\.0\.5\)/ })).toBeChecked();
    expect(await walkthroughText()).toContain('10.1.0.6');
    expect(await walkthroughText()).not.toContain('192.168.2.100');
    expect(screen.getByText(/^Choices: .*hmac-sha512/)).toBeVisible();

    const moved = await buildLink(
      planSchema.parse({
        hosts: [
          { name: 'web', address: '10.1.0.5' },
          { name: 'db', address: '10.1.0.99' },
        ],
      }),
    );
    act(() => store.set(moved));
    await waitFor(async () => expect(await walkthroughText()).toContain('10.1.0.99'));

    await user.click(screen.getByRole('radio', { name: /article's setup/ }));
    await waitFor(async () => expect(await walkthroughText()).toContain('192.168.2.100'));
    expect(await walkthroughText()).not.toContain('10.1.0.99');
  });

  it("applies a modern choice to the wizard's plan when teaching with it", async () => {
    const user = userEvent.setup();
    const store = createLinkStore();
    store.set(own);
    const onApply = vi.fn();
    render(<LearnView wizardLink={store} onApplyToWizard={onApply} />);
    await user.click(screen.getByRole('button', { name: /Then and now/ }));
    await user.click(
      screen.getByRole('button', {
        name: 'Use the modern choice: Use ESP alone with HMAC-SHA-512',
      }),
    );
    const [plan, secrets] = onApply.mock.calls[0]!;
    expect(plan).toMatchObject({ protocols: 'esp', hosts: own.plan.hosts });
    // The SPIs stay as they were; keys are kept by algorithm, so changed ones are made anew.
    expect(secrets.spis).toEqual(Object.fromEntries(own.sas.map((sa) => [sa.id, sa.spi])));
    expect(screen.getByRole('status')).toHaveTextContent('Your plan in the wizard now does this');
    expect(screen.getByRole('status')).toHaveFocus();
  });

  it('changes only the example when teaching with the article', async () => {
    const user = userEvent.setup();
    const onApply = vi.fn();
    render(<LearnView wizardLink={createLinkStore()} onApplyToWizard={onApply} />);
    await user.click(await screen.findByRole('button', { name: /Then and now/ }));
    const useEsp = 'Use the modern choice: Use ESP alone with HMAC-SHA-512';
    await user.click(screen.getByRole('button', { name: useEsp }));
    expect(onApply).not.toHaveBeenCalled();
    expect(screen.getByRole('status')).toHaveTextContent("The wizard's own plan is unchanged");
    // The rebuilt example no longer uses AH, so the offer is gone.
    await waitFor(() => expect(screen.queryByRole('button', { name: useEsp })).toBeNull());
    expect(await walkthroughText()).not.toMatch(/\bah\b 0x/);
  });
});

describe('Learn inside the app', () => {
  it('uses what was typed in the wizard and sends a modern choice back to it', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(screen.getByLabelText('Host 1 address'), '10.7.0.1');
    await user.type(screen.getByLabelText('Host 2 address'), '10.7.0.2');
    // jsdom matches no media query, so the wizard shows its phone steps.
    await user.click(screen.getByRole('button', { name: 'Step 2: Protection' }));
    await user.click(screen.getByRole('radio', { name: 'AH + ESP' }));
    await user.click(screen.getByRole('button', { name: 'Learn' }));
    // The view loads on demand; the first import in jsdom can take a few seconds.
    const yours = await screen.findByRole(
      'radio',
      { name: /Your plan: a \(10\.7\.0\.1\)/ },
      { timeout: 8000 },
    );
    expect(yours).toBeChecked();
    await user.click(screen.getByRole('button', { name: /Then and now/ }));
    const region = screen.getByRole('region', { name: /Walkthrough/ });
    await user.click(
      within(region).getByRole('button', { name: /Use the modern choice: Use ESP alone/ }),
    );
    await user.click(screen.getByRole('button', { name: 'Wizard' }));
    await waitFor(() => expect(screen.getByRole('radio', { name: 'ESP' })).toBeChecked());
    await user.click(screen.getByRole('button', { name: 'Step 1: Hosts' }));
    expect(screen.getByLabelText('Host 2 address')).toHaveValue('10.7.0.2');
  }, 60_000);
});
