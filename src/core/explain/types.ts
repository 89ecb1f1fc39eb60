import type { Link } from '../model';

/** The file formats whose lines can be explained. */
export type ExplainFormat = 'setkey' | 'xfrm-up' | 'xfrm-down';

export const EXPLAIN_FORMATS: readonly ExplainFormat[] = ['setkey', 'xfrm-up', 'xfrm-down'];

/** What a token is; the UI uses it to mark tokens visually, tests use it to check coverage. */
export type TokenKind =
  | 'shebang'
  | 'comment'
  | 'command'
  | 'keyword'
  | 'flag'
  | 'option-value'
  | 'address'
  | 'ipsec-protocol'
  | 'spi'
  | 'mode'
  | 'encryption-algorithm'
  | 'integrity-algorithm'
  | 'compression-algorithm'
  | 'key'
  | 'icv-bits'
  | 'upper-protocol'
  | 'direction'
  | 'priority'
  | 'action'
  | 'template'
  | 'level'
  | 'terminator'
  | 'shell'
  | 'unknown';

/** Short names of the token kinds, for legends and screen readers. */
export const TOKEN_KIND_LABELS: Record<TokenKind, string> = {
  shebang: 'interpreter line',
  comment: 'comment',
  command: 'command',
  keyword: 'keyword',
  flag: 'option',
  'option-value': 'option value',
  address: 'address',
  'ipsec-protocol': 'IPsec protocol',
  spi: 'SPI',
  mode: 'mode',
  'encryption-algorithm': 'encryption algorithm',
  'integrity-algorithm': 'integrity algorithm',
  'compression-algorithm': 'compression algorithm',
  key: 'secret key',
  'icv-bits': 'ICV length',
  'upper-protocol': 'upper-layer protocol',
  direction: 'direction',
  priority: 'priority',
  action: 'action',
  template: 'rule',
  level: 'level',
  terminator: 'end of statement',
  shell: 'shell',
  unknown: 'not recognised',
};

export interface ExplainedToken {
  readonly text: string;
  /** Offset of the first character in the line. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  readonly kind: TokenKind;
  readonly explanation: string;
}

export interface LineExplanation {
  readonly format: ExplainFormat;
  readonly line: string;
  /** One sentence saying what the whole line does. */
  readonly summary: string;
  readonly tokens: readonly ExplainedToken[];
  /** For SA lines matched against a link: the host that sends with the SA and the one receiving. */
  readonly sender?: string;
  readonly receiver?: string;
}

export interface ExplainContext {
  /** The plan's link: lets explanations name hosts instead of addresses. */
  readonly link?: Link;
  /** The host whose file the line belongs to. */
  readonly hostName?: string;
  /**
   * For a line continuing a setkey statement (such as a policy rule), the earlier lines of that
   * statement joined with newlines; explainFile and findStatementStart supply it.
   */
  readonly statementStart?: string;
}
