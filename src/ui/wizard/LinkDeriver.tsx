import { useLayoutEffect, useRef, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import { MIN_PASSPHRASE_LENGTH } from '../../core/keys';
import { passphraseKeySource, type KeySource, type Link } from '../../core/model';
import type { Plan } from '../../core/plan';
import type { OutputFormat } from '../../core/render/bundle';
import { secretsOfLink, type LinkSecrets } from '../../core/secrets';
import { deriveLink, type KeyingInput } from './derive';
import { planProblems, type PlanProblem, type WizardValues } from './values';

export interface Derived {
  /** The last link built from a valid plan: kept on screen while the form is being fixed. */
  readonly link?: Link;
  /** The current values' plan when they are valid. */
  readonly plan?: Plan;
  readonly problems: readonly PlanProblem[];
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly deriving: boolean;
  /** No address typed yet: nothing to fix, just nothing to show. */
  readonly waiting?: boolean;
}

export const NOTHING_DERIVED: Derived = { problems: [], fieldErrors: {}, deriving: false };

/** Typing pauses this long before the (slow on purpose) passphrase stretching starts. */
const PASSPHRASE_DEBOUNCE_MS = 400;

interface LinkDeriverProps {
  control: Control<WizardValues>;
  keying: KeyingInput;
  passphrase: string;
  format: OutputFormat;
  /** Changes when the person asks for new keys and SPIs. */
  epoch: number;
  secretsRef: RefObject<LinkSecrets | undefined>;
  onResult: Dispatch<SetStateAction<Derived>>;
}

/**
 * Watches the form and derives the link once per valid change. Lives in its own component so that a
 * keystroke re-renders this (which renders nothing) rather than the whole form.
 */
export function LinkDeriver({
  control,
  keying,
  passphrase,
  format,
  epoch,
  secretsRef,
  onResult,
}: LinkDeriverProps) {
  const values = useWatch({ control }) as WizardValues;
  const stretched = useRef<{ text: string; keys: Promise<KeySource> } | undefined>(undefined);

  // A layout effect: the derivation starts in the same task as the keystroke, not after a paint.
  useLayoutEffect(() => {
    let cancelled = false;
    const { plan, problems } = planProblems(values);
    if (!plan) {
      const waiting = values.hosts.every((h) => h.address.trim() === '');
      onResult((d) => ({ ...d, plan: undefined, problems, deriving: false, waiting }));
      return;
    }
    const run = async () => {
      let keys: KeySource | undefined;
      if (keying.source === 'passphrase') {
        if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
          onResult((d) => ({
            ...d,
            plan,
            deriving: false,
            problems: [
              {
                field: 'passphrase',
                message: `Passphrase: at least ${MIN_PASSPHRASE_LENGTH} characters.`,
              },
            ],
          }));
          return;
        }
        if (stretched.current?.text !== passphrase) {
          onResult((d) => ({ ...d, plan, problems: [], deriving: true }));
          await new Promise((resolve) => setTimeout(resolve, PASSPHRASE_DEBOUNCE_MS));
          if (cancelled) return;
          stretched.current = { text: passphrase, keys: passphraseKeySource(passphrase) };
        }
        keys = await stretched.current?.keys;
        if (cancelled) return;
      }
      const result = await deriveLink(plan, keying, secretsRef.current, format, keys);
      if (cancelled) return;
      if (result.link) secretsRef.current = secretsOfLink(result.link);
      const buildProblem = result.error ? [{ message: result.error }] : [];
      const secretProblems = Object.entries(result.fieldErrors).map(([path, message]) => ({
        field: path,
        message: `${path.startsWith('spis.') ? `SPI of ${path.slice(5)}` : `Key ${path.slice(5)}`}: ${message}`,
      }));
      onResult((d) => ({
        link: result.link ?? d.link,
        plan,
        problems: [...secretProblems, ...buildProblem],
        fieldErrors: result.fieldErrors,
        deriving: false,
        waiting: false,
      }));
    };
    void run();
    return () => {
      cancelled = true;
    };
  }, [values, keying, passphrase, format, epoch, secretsRef, onResult]);
  return null;
}
