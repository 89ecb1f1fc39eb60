/** Hands bytes or text to the browser as a file download; nothing leaves the machine. */
export function downloadFile(name: string, content: BlobPart, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by the time the click returns; the URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `a/setkey.conf` -> `a-setkey.conf`: one flat name that still says which host it is for. */
export const downloadName = (path: string): string => path.replaceAll('/', '-');
