import { explainSetkeyLine } from './setkey';
import { splitLine } from './tokens';
import type { ExplainContext, ExplainFormat, LineExplanation } from './types';
import { explainXfrmLine } from './xfrm';

export type {
  ExplainContext,
  ExplainFormat,
  ExplainedToken,
  LineExplanation,
  TokenKind,
} from './types';
export { EXPLAIN_FORMATS, TOKEN_KIND_LABELS } from './types';

/**
 * Explains one line of a setkey.conf or an ip xfrm script, token by token. Works on generated and
 * hand-written files alike; a link in the context lets it name hosts. Never throws: what it cannot
 * read becomes an 'unknown' token saying so.
 */
export function explainLine(
  format: ExplainFormat,
  line: string,
  context: ExplainContext = {},
): LineExplanation {
  const clean = line.replace(/\r?\n$/, '');
  try {
    return format === 'setkey'
      ? explainSetkeyLine(clean, context)
      : explainXfrmLine(format, clean, context);
  } catch {
    // A bug here must not break the preview; say plainly that the line was not understood.
    return {
      format,
      line: clean,
      summary: 'Not recognised: ipsec-wizard could not read this line.',
      tokens: [
        {
          text: clean,
          start: 0,
          end: clean.length,
          kind: 'unknown',
          explanation: 'Not recognised: ipsec-wizard could not read this line.',
        },
      ],
    };
  }
}

/**
 * For line `index` of a setkey.conf, the earlier lines of the statement it continues (statements
 * end with ";" and may span lines), joined with newlines; undefined for ip xfrm scripts and for
 * lines that start their own statement.
 */
export function findStatementStart(
  format: ExplainFormat,
  lines: readonly string[],
  index: number,
): string | undefined {
  if (format !== 'setkey') return undefined;
  let start: number | undefined;
  for (let i = 0; i < index; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('#!')) continue;
    for (const word of splitLine(line, 'setkey')) {
      if (word.text.startsWith('#')) break;
      if (word.text === ';') start = undefined;
      else start ??= i;
    }
  }
  return start === undefined ? undefined : lines.slice(start, index).join('\n');
}

/** Explains every line of a file, giving continuation lines the start of their statement. */
export function explainFile(
  format: ExplainFormat,
  text: string,
  context: ExplainContext = {},
): LineExplanation[] {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.map((line, index) => {
    const statementStart = findStatementStart(format, lines, index);
    return explainLine(format, line, {
      ...context,
      ...(statementStart !== undefined && { statementStart }),
    });
  });
}
