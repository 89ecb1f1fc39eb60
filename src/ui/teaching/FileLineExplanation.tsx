import { Typography } from '@mui/material';
import { EXPLAIN_FORMATS, findStatementStart, type ExplainFormat } from '../../core/explain';
import type { Link } from '../../core/model';
import type { OutputFile } from '../../core/render/bundle';
import { LineExplanation } from './LineExplanation';

export interface FileLineExplanationProps {
  file: OutputFile;
  lineIndex: number;
  link?: Link;
}

const isExplainable = (kind: string): kind is ExplainFormat =>
  (EXPLAIN_FORMATS as readonly string[]).includes(kind);

/** The explanation of one line of a generated file, as the preview's line detail. */
export function FileLineExplanation({ file, lineIndex, link }: FileLineExplanationProps) {
  const kind = file.kind;
  if (!isExplainable(kind)) {
    return (
      <Typography>Line by line explanations cover setkey.conf and the ip xfrm scripts.</Typography>
    );
  }
  const lines = file.text.split('\n');
  const statementStart = findStatementStart(kind, lines, lineIndex);
  return (
    <LineExplanation
      format={kind}
      line={lines[lineIndex] ?? ''}
      {...(link && { link })}
      {...(file.host !== undefined && { hostName: file.host })}
      {...(statementStart !== undefined && { statementStart })}
    />
  );
}
