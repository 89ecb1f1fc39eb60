import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { Box, Button, Stack, Typography } from '@mui/material';
import { tokenizeLine, type TokenKind } from '../../core/preview-tokens';
import type { Link } from '../../core/model';
import type { OutputFile } from '../../core/render/bundle';
import { downloadFile, downloadName } from './download';
import { lineKeyTarget } from '../lineNavigation';

/** Detail for a selected line; the link lets an explainer name hosts, SAs and algorithms. */
export type LineDetailRenderer = (file: OutputFile, lineIndex: number, link: Link) => ReactNode;

interface FileViewProps {
  file: OutputFile;
  link: Link;
  showKeys: boolean;
  renderLineDetail?: LineDetailRenderer | undefined;
  onNotify: (message: string) => void;
}

// Colours via the theme's CSS variables, so light and dark both read well.
const TOKEN_SX: Record<Exclude<TokenKind, 'plain'>, object> = {
  comment: { color: 'text.secondary', fontStyle: 'italic' },
  keyword: { color: 'primary.main', fontWeight: 600 },
  address: { color: 'success.main' },
  spi: { color: 'secondary.main', fontWeight: 600 },
  key: {
    color: 'common.black',
    bgcolor: 'warning.main',
    borderRadius: 0.5,
    px: 0.25,
  },
  string: { color: 'info.main' },
};
const TOKEN_STYLES = Object.fromEntries(
  Object.entries(TOKEN_SX).map(([kind, style]) => [`& .tk-${kind}`, style]),
);

const MASK = '0x••••••••';

/** A file's name with Copy and Download. */
const FileActions = memo(function FileActions({
  path,
  secret,
  getText,
  onNotify,
}: {
  path: string;
  secret: boolean;
  getText: () => string;
  onNotify: (message: string) => void;
}) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(getText());
      onNotify(`Copied ${path}${secret ? ' (with its keys)' : ''}.`);
    } catch {
      onNotify('Copying was refused by the browser: select the text or use Download.');
    }
  };
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 0.5, rowGap: 0.5 }}
    >
      <Typography variant="subtitle2" component="h3" sx={{ fontFamily: 'monospace', mr: 'auto' }}>
        {path}
        {secret && (
          <Typography component="span" variant="caption" color="error" sx={{ ml: 1 }}>
            secret
          </Typography>
        )}
      </Typography>
      <Button size="small" variant="outlined" onClick={copy} aria-label={`Copy ${path}`}>
        Copy
      </Button>
      <Button
        size="small"
        variant="outlined"
        aria-label={`Download ${path}`}
        onClick={() => downloadFile(downloadName(path), getText())}
      >
        Download
      </Button>
    </Stack>
  );
});

/** One generated file: highlighted, keys masked unless shown, each line selectable. */
export const FileView = memo(function FileView({
  file,
  link,
  showKeys,
  renderLineDetail,
  onNotify,
}: FileViewProps) {
  const lines = useMemo(() => {
    const all = file.text.split('\n');
    if (all.at(-1) === '') all.pop();
    return all.map(tokenizeLine);
  }, [file.text]);
  const [selected, setSelected] = useState<number | undefined>();
  const [focusIndex, setFocusIndex] = useState(0);
  const listRef = useRef<HTMLOListElement>(null);
  const active = Math.min(focusIndex, lines.length - 1);

  const moveTo = (next: number) => {
    setFocusIndex(next);
    setSelected(next);
    const item = listRef.current?.children[next] as HTMLElement | undefined;
    item?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const target = lineKeyTarget(event.key, active, lines.length);
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      setSelected((s) => (s === active ? undefined : active));
    } else if (event.key === 'Escape') {
      setSelected(undefined);
    }
  };

  // The header reads the text when clicked, so it need not re-render each time the text changes.
  const textRef = useRef(file.text);
  useEffect(() => {
    textRef.current = file.text;
  }, [file.text]);
  const getText = useCallback(() => textRef.current, []);

  return (
    <Box>
      <FileActions path={file.path} secret={file.secret} getText={getText} onNotify={onNotify} />
      <Box
        component="ol"
        ref={listRef}
        aria-label={`Lines of ${file.path}`}
        onKeyDown={onKeyDown}
        sx={{
          m: 0,
          p: 1,
          listStyle: 'none',
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          fontSize: '0.8rem',
          lineHeight: 1.5,
          bgcolor: 'action.hover',
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          overflowX: 'auto',
          // Styles by class at list level: thousands of lines must not each carry their own sx.
          '& > li': {
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            px: 0.5,
            minHeight: '1.5em',
            borderRadius: 0.5,
            cursor: 'pointer',
          },
          '& > li[aria-current]': { bgcolor: 'action.selected' },
          '& > li:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' },
          '& .line-detail': {
            whiteSpace: 'normal',
            fontFamily: 'body1.fontFamily',
            fontSize: '0.875rem',
            my: 0.5,
            p: 1,
            borderLeft: 3,
            borderColor: 'primary.main',
            bgcolor: 'background.paper',
            cursor: 'auto',
          },
          ...TOKEN_STYLES,
        }}
      >
        {lines.map((tokens, index) => (
          <li
            key={index}
            tabIndex={index === active ? 0 : -1}
            aria-current={selected === index ? 'true' : undefined}
            onClick={() => {
              setFocusIndex(index);
              setSelected(index);
            }}
            // Reaching a line by keyboard explains it too, not only arrows or a click.
            onFocus={(event) => {
              if (event.target !== event.currentTarget) return;
              setFocusIndex(index);
              setSelected(index);
            }}
          >
            {tokens.map((token, t) =>
              token.kind === 'key' && !showKeys ? (
                <span
                  key={t}
                  className="tk-key"
                  title={`hidden key: ${(token.text.length - 2) * 4} bits`}
                >
                  {MASK}
                </span>
              ) : token.kind === 'plain' ? (
                token.text
              ) : (
                <span key={t} className={`tk-${token.kind}`}>
                  {token.text}
                </span>
              ),
            )}
            {selected === index && renderLineDetail && (
              <div className="line-detail" onClick={(e) => e.stopPropagation()}>
                {renderLineDetail(file, index, link)}
              </div>
            )}
          </li>
        ))}
      </Box>
    </Box>
  );
});
