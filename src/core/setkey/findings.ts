/**
 * Findings: what the parser, linter, mirror check and importer report. One table gives every code
 * its severity and its advice, so the CLI and the page say the same thing about the same file.
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Replace the characters from..to (offsets into the text that was checked) with `insert`. */
export interface TextEdit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

/** A mechanical fix: applying its edits needs no judgement and no new secret. */
export interface Fix {
  /** What the fix does, in a few words, for a button or a CLI hint. */
  readonly label: string;
  readonly edits: readonly TextEdit[];
}

export type Severity = 'error' | 'warning';

interface Rule {
  readonly severity: Severity;
  /** How to fix it, one sentence; a finding may give a more precise one. */
  readonly hint: string;
}

const NEW_KEY = 'generate a new random key of the right length and put it in both hosts’ files';

export const FINDING_RULES = {
  'input-too-large': {
    severity: 'error',
    hint: 'A setkey.conf is a few kilobytes: check that this is the right file.',
  },
  'binary-input': {
    severity: 'error',
    hint: 'Load the plain-text setkey.conf itself, not an archive, a binary or a word-processor file.',
  },
  syntax: {
    severity: 'error',
    hint: 'Compare with setkey(8): add SRC DST esp SPI -E ALG KEY -A ALG KEY, or spdadd SRC DST any -P out ipsec esp/transport//require, each ending in ";".',
  },
  'missing-semicolon': { severity: 'error', hint: 'End every statement with ";".' },
  'option-order': {
    severity: 'error',
    hint: 'Write -E and its key before -A and its key: setkey accepts no other order.',
  },
  'lookalike-character': {
    severity: 'error',
    hint: 'Retype the character in a plain-text editor, or apply the fix: setkey reads ASCII spaces, hyphens and quotes only.',
  },
  crlf: {
    severity: 'error',
    hint: 'Save the file with Unix (LF) line endings, for example with dos2unix.',
  },
  'unknown-algorithm': {
    severity: 'error',
    hint: 'Use a name setkey knows, such as rijndael-cbc for -E and hmac-sha512 for -A (see setkey(8)).',
  },
  'forbidden-algorithm': {
    severity: 'error',
    hint: 'Switch to rijndael-cbc with hmac-sha512 and new keys (load the file into the wizard); counter-mode and AEAD ciphers need IKE.',
  },
  'weak-algorithm': {
    severity: 'warning',
    hint: 'Move to rijndael-cbc with hmac-sha512 and new keys, for example by loading this file into the wizard.',
  },
  'missing-key': {
    severity: 'error',
    hint: `Write the key right after the algorithm name: ${NEW_KEY}.`,
  },
  'key-format': {
    severity: 'error',
    hint: `A key is 0x followed by an even number of hex digits: ${NEW_KEY} (no automatic fix).`,
  },
  'key-length': {
    severity: 'error',
    hint: `Padding or cutting a key is not a fix: ${NEW_KEY}.`,
  },
  address: {
    severity: 'error',
    hint: 'Write numeric IPv4 or IPv6 addresses: setkey would resolve names through DNS at load time.',
  },
  'mixed-families': {
    severity: 'error',
    hint: 'Use addresses of one family throughout: an IPv4 link and an IPv6 link need separate SAs and policies.',
  },
  'reserved-spi': {
    severity: 'error',
    hint: 'Pick an unused SPI of 0x100 or more and change it in both hosts’ files.',
  },
  'spi-range': {
    severity: 'error',
    hint: 'Pick an SPI between 0x100 and 0xffffffff and change it in both hosts’ files.',
  },
  'duplicate-spi': {
    severity: 'error',
    hint: 'Give this SA an SPI that no other SA to the same destination uses, in both hosts’ files.',
  },
  'esp-without-e': {
    severity: 'error',
    hint: 'Add -E with a cipher and its key before -A (or -E null "" for integrity-only ESP).',
  },
  'ah-with-e': {
    severity: 'error',
    hint: 'Remove -E and its key from the AH SA: AH only authenticates.',
  },
  'ah-without-a': {
    severity: 'error',
    hint: 'Add -A with an integrity algorithm and a new key, for example -A hmac-sha512 and 512 random bits.',
  },
  'esp-null-no-auth': {
    severity: 'error',
    hint: 'Add -A hmac-sha512 with a new key, or use a real cipher such as rijndael-cbc.',
  },
  'sha256-truncation': {
    severity: 'warning',
    hint: 'Prefer hmac-sha512 (same ICV length everywhere), or make sure every peer truncates hmac-sha256 to 96 bits.',
  },
  'key-reuse': {
    severity: 'warning',
    hint: 'Generate a separate random key for every SA and use it on both hosts.',
  },
  'key-both-directions': {
    severity: 'warning',
    hint: 'Generate a separate random key for each direction and use it on both hosts.',
  },
  'ah-with-esp': {
    severity: 'warning',
    hint: 'Use ESP with both -E and -A alone, and drop the AH SAs and rules (the wizard does this for you).',
  },
  'level-use': {
    severity: 'warning',
    hint: 'Change the level to require so that traffic never leaves unprotected.',
  },
  'sa-mode-mismatch': {
    severity: 'error',
    hint: 'Give SAs used by tunnel rules -m tunnel, and SAs used by transport rules -m transport (or no -m), on both hosts.',
  },
  'unique-without-reqid': {
    severity: 'error',
    hint: 'Give the SAs of this pair -u N and write unique:N in its rules (N from 1 to 16383, the same on both hosts), or use require.',
  },
  'reqid-mismatch': {
    severity: 'error',
    hint: 'Use the same request id in the rule (unique:N) and on the SAs it should use (-u N), on both hosts.',
  },
  'reqid-range': {
    severity: 'error',
    hint: 'Pick a request id from 1 to 16383 and use it on the SAs (-u N) and rules (unique:N) of both hosts.',
  },
  'tunnel-endpoints': {
    severity: 'error',
    hint: 'Write the tunnel gateways between the slashes: esp/tunnel/GW_A-GW_B/require.',
  },
  'policy-without-sa': {
    severity: 'error',
    hint: 'Add the matching add statement (same SPI and keys as on the peer), or remove the policy.',
  },
  'unused-sa': {
    severity: 'error',
    hint: 'Add the spdadd policy that should use this SA, or remove the SA.',
  },
  'mirror-sa': {
    severity: 'error',
    hint: 'Both hosts must hold exactly the same SA lines: copy the correct line to the other file.',
  },
  'mirror-policy': {
    severity: 'error',
    hint: 'Add the mirrored policy to the peer’s file: same addresses, with in and out swapped.',
  },
  'import-not-clean': {
    severity: 'error',
    hint: 'Fix what is listed for it above; the wizard loads only a file it understands completely.',
  },
  'import-unsupported': {
    severity: 'error',
    hint: 'The wizard builds host-to-host transport-mode links; set this link up in the wizard from scratch instead.',
  },
} as const satisfies Record<string, Rule>;

export type FindingCode = keyof typeof FINDING_RULES;

export interface Finding extends Position {
  readonly severity: Severity;
  readonly code: FindingCode;
  readonly message: string;
  /** How to fix it, in one sentence. */
  readonly hint: string;
  /** Present only when the fix is mechanical. */
  readonly fix?: Fix;
}

export interface FindingExtras {
  readonly hint?: string;
  readonly fix?: Fix;
}

export function makeFinding(
  at: Position,
  code: FindingCode,
  message: string,
  extras: FindingExtras = {},
): Finding {
  const rule: Rule = FINDING_RULES[code];
  return {
    line: at.line,
    column: at.column,
    severity: rule.severity,
    code,
    message,
    hint: extras.hint ?? rule.hint,
    ...(extras.fix && { fix: extras.fix }),
  };
}

export const byPosition = (a: Position, b: Position): number =>
  a.line - b.line || a.column - b.column;

/**
 * Applies the fixes of the given findings to the text they were found in. Edits that overlap an
 * edit already taken are skipped (lint again and apply again to get them).
 */
export function applyFixes(text: string, findings: readonly Finding[]): string {
  const edits = findings.flatMap((f) => f.fix?.edits ?? []);
  const taken: TextEdit[] = [];
  for (const edit of edits) {
    if (edit.from < 0 || edit.to > text.length || edit.from > edit.to) continue;
    // Edits starting at the same place (say two insertions) would apply in an arbitrary order.
    const overlaps = taken.some(
      (t) => (edit.from < t.to && t.from < edit.to) || edit.from === t.from,
    );
    if (!overlaps) taken.push(edit);
  }
  taken.sort((a, b) => b.from - a.from);
  let out = text;
  for (const edit of taken) out = out.slice(0, edit.from) + edit.insert + out.slice(edit.to);
  return out;
}

/** One line for terminals: the hint, and the fix when there is one. */
export const describeAdvice = (f: Finding): string =>
  f.fix ? `${f.hint} Mechanical fix: ${f.fix.label}.` : f.hint;
