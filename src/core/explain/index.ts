import { explainSetkeyLine } from './setkey';
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
