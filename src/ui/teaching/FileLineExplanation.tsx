import { Typography } from '@mui/material';
import { EXPLAIN_FORMATS, findStatementStart, type ExplainFormat } from '../../core/explain';
import type { Link } from '../../core/model';
import type { OutputFile } from '../../core/render/bundle';
import { LineExplanation } from './LineExplanation';

export interface TextLineExplanationProps {
  format: ExplainFormat;
  /** The whole file: a continuation line is explained as part of the statement it continues. */
  text: string;
  lineIndex: number;
  link?: Link | undefined;
  hostName?: string | undefined;
}

/** The explanation of one line of any file, generated or imported. */
export function TextLineExplanation({
  format,
  text,
  lineIndex,
  link,
  hostName,
}: TextLineExplanationProps) {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const statementStart = findStatementStart(format, lines, lineIndex);
  return (
    <LineExplanation
      format={format}
      line={lines[lineIndex] ?? ''}
      {...(link && { link })}
      {...(hostName !== undefined && { hostName })}
      {...(statementStart !== undefined && { statementStart })}
    />
  );
}

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
  return (
    <TextLineExplanation
      format={kind}
      text={file.text}
      lineIndex={lineIndex}
      link={link}
      hostName={file.host}
    />
  );
}
