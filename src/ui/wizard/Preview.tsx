import { memo, useCallback, useMemo, useState } from 'react';
import { Box, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import type { HostConfig, Link } from '../../core/model';
import { renderHostFiles, type OutputFormat } from '../../core/render/bundle';
import type { RenderMeta } from '../../core/render/setkey';
import { Field } from './Field';
import { TabList } from './TabList';
import { FileView, type LineDetailRenderer } from './FileView';

/** More hosts than this: a picker instead of tabs, and one host at a time. */
const MAX_HOST_TABS = 6;
const MAX_SIDE_BY_SIDE = 20;

interface PreviewProps {
  link: Link;
  format: OutputFormat;
  meta: RenderMeta;
  /** Room for two hosts side by side. */
  wide: boolean;
  renderLineDetail?: LineDetailRenderer | undefined;
  onNotify: (message: string) => void;
}

function HostPicker({
  hosts,
  value,
  onChange,
  label,
}: {
  hosts: readonly HostConfig[];
  value: number;
  onChange: (index: number) => void;
  label: string;
}) {
  return (
    <Field
      select
      label={label}
      value={value}
      onChange={(e) => onChange(Number(e.target.value))}
      sx={{ minWidth: 200 }}
    >
      {hosts.map((h, i) => (
        <option key={h.name} value={i}>
          {h.name} ({h.address})
        </option>
      ))}
    </Field>
  );
}

/** One host's files, rendered only while shown: a large mesh renders one host, not all. */
const HostFiles = memo(function HostFiles({
  link,
  host,
  format,
  meta,
  showKeys,
  renderLineDetail,
  onNotify,
}: {
  link: Link;
  host: HostConfig;
  format: OutputFormat;
  meta: RenderMeta;
  showKeys: boolean;
  renderLineDetail?: LineDetailRenderer | undefined;
  onNotify: (message: string) => void;
}) {
  const files = useMemo(
    () => renderHostFiles(link, host, meta, format),
    [link, host, meta, format],
  );
  const [tab, setTab] = useState(0);
  const shown = Math.min(tab, files.length - 1);
  const file = files[shown];
  const idBase = `files-${host.name}`;
  return (
    <Box sx={{ minWidth: 0 }}>
      {files.length > 1 && (
        <TabList
          label={`Files of host ${host.name}`}
          idBase={idBase}
          items={files.map((f) => f.path.split('/').at(-1) ?? f.path)}
          value={shown}
          onChange={setTab}
        />
      )}
      {file && (
        <Box role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${shown}`}>
          <FileView
            file={file}
            link={link}
            showKeys={showKeys}
            renderLineDetail={renderLineDetail}
            onNotify={onNotify}
          />
        </Box>
      )}
    </Box>
  );
});

export const Preview = memo(function Preview({
  link,
  format,
  meta,
  wide,
  renderLineDetail,
  onNotify,
}: PreviewProps) {
  const [showKeys, setShowKeys] = useState(false);
  const [picked, setPicked] = useState<[number, number]>([0, 1]);
  const hosts = link.hosts;
  const clamp = (i: number) => Math.min(i, hosts.length - 1);
  const columns = wide && hosts.length <= MAX_SIDE_BY_SIDE ? 2 : 1;
  const pickFirst = useCallback((index: number) => setPicked((p) => [index, p[1]]), []);
  const pick = (column: 0 | 1, index: number) =>
    setPicked((p) => (column === 0 ? [index, p[1]] : [p[0], index]));

  const column = (c: 0 | 1) => {
    const index = clamp(picked[c]);
    const host = hosts[index];
    if (!host) return null;
    const usePicker = columns === 2 ? hosts.length > 2 : hosts.length > MAX_HOST_TABS;
    const tabsForHosts = !usePicker && columns === 1;
    return (
      <Box key={c} sx={{ minWidth: 0 }}>
        {usePicker ? (
          <Box sx={{ mb: 1 }}>
            <HostPicker
              hosts={hosts}
              value={index}
              onChange={(i) => pick(c, i)}
              label={columns === 2 ? (c === 0 ? 'Left: host' : 'Right: host') : 'Host'}
            />
          </Box>
        ) : columns === 2 ? (
          <Typography variant="h6" component="h3" sx={{ mb: 0.5 }}>
            Host {host.name}{' '}
            <Typography component="span" color="text.secondary">
              {host.address}
            </Typography>
          </Typography>
        ) : (
          <TabList
            label="Hosts"
            idBase="hosts"
            items={hosts.map((h) => `Host ${h.name}`)}
            value={index}
            onChange={pickFirst}
          />
        )}
        {(() => {
          const files = (
            <HostFiles
              key={host.name}
              link={link}
              host={host}
              format={format}
              meta={meta}
              showKeys={showKeys}
              renderLineDetail={renderLineDetail}
              onNotify={onNotify}
            />
          );
          // With host tabs, the files are the host tab's panel.
          return tabsForHosts ? (
            <Box role="tabpanel" id="hosts-panel" aria-labelledby={`hosts-tab-${index}`}>
              {files}
            </Box>
          ) : (
            files
          );
        })()}
      </Box>
    );
  };

  return (
    <Stack spacing={1}>
      <Box>
        <FormControlLabel
          control={<Checkbox checked={showKeys} onChange={(e) => setShowKeys(e.target.checked)} />}
          label="Show keys"
        />
      </Box>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: columns === 2 ? 'minmax(0, 1fr) minmax(0, 1fr)' : 'minmax(0, 1fr)',
          gap: 2,
        }}
      >
        {column(0)}
        {columns === 2 && column(1)}
      </Box>
    </Stack>
  );
});
