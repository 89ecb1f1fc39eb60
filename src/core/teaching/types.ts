import type { Plan } from '../plan';

/** One command a reader may copy; `host` says where to run it (absent: anywhere, or the admin's machine). */
export interface TeachingCommand {
  readonly label: string;
  readonly command: string;
  readonly host?: string;
}

export interface WalkthroughStep {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly commands: readonly TeachingCommand[];
  /** What a command's output should look like for this plan (e.g. tcpdump lines). */
  readonly sampleOutput?: { readonly label: string; readonly text: string };
}

export interface TroubleshootingEntry {
  readonly id: string;
  readonly symptom: string;
  readonly cause: string;
  readonly fix: string;
  /** Commands that confirm the cause. */
  readonly commands: readonly TeachingCommand[];
}

/** A partial plan the UI can merge into the current one with one click. */
export interface PlanPatch {
  readonly protocols?: Plan['protocols'];
  readonly encryption?: { readonly algorithm: string; readonly keyBits?: number };
  readonly integrity?: { readonly algorithm: string };
}

export interface ThenAndNowNote {
  readonly id: string;
  readonly topic: string;
  readonly then: string;
  readonly now: string;
  /** Whether the current plan still makes the 2006 choice. */
  readonly applies: boolean;
  readonly patch?: PlanPatch;
  /** Button text for the patch, e.g. "Use ESP with HMAC-SHA-512". */
  readonly patchLabel?: string;
}

export interface NextStep {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
}
