/** A word of one line with its offsets; quotes stay part of the text. */
export interface RawToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Splits one line into words. In setkey files `;` is a word of its own and `#` starts a comment even
 * inside a word (as setkey reads it); in shell scripts `#` only starts a comment at a word's start.
 * A comment becomes one token reaching to the end of its line.
 */
export function splitLine(line: string, dialect: 'setkey' | 'sh'): RawToken[] {
  const tokens: RawToken[] = [];
  let i = 0;
  const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
  while (i < line.length) {
    const ch = line[i];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '#') {
      // A comment runs to the end of its line; text spanning lines goes on after it.
      const newline = line.indexOf('\n', start);
      const end = newline === -1 ? line.length : newline;
      tokens.push({ text: line.slice(start, end), start, end });
      i = end;
      continue;
    }
    if (ch === ';') {
      tokens.push({ text: ';', start, end: start + 1 });
      i++;
      continue;
    }
    while (i < line.length && !isSpace(line[i]) && line[i] !== ';') {
      const c = line[i];
      if (dialect === 'setkey' && c === '#') break;
      if (c === '"' || c === "'") {
        const close = line.indexOf(c, i + 1);
        i = close === -1 ? line.length : close + 1;
      } else i++;
    }
    tokens.push({ text: line.slice(start, i), start, end: i });
  }
  return tokens;
}
