import { checkInput, MAX_INPUT_BYTES } from '../../core/setkey/parse';

export type ReadOutcome = { readonly text: string } | { readonly refused: string };

const readBytes = (file: Blob): Promise<ArrayBuffer> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsArrayBuffer(file);
  });

/**
 * Reads a dropped or picked file as text, refusing it with a message that names the file when it is
 * too large (checked before reading a byte), not UTF-8, or binary. Nothing leaves the browser.
 */
export async function readTextFile(file: File): Promise<ReadOutcome> {
  if (file.size > MAX_INPUT_BYTES) {
    return {
      refused: `${file.name} was refused: it has ${file.size} bytes, and files over 1 MiB are not read (a setkey.conf is a few kilobytes).`,
    };
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await readBytes(file);
  } catch (error) {
    return { refused: `${file.name} could not be read: ${(error as Error).message}` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return {
      refused: `${file.name} was refused: it is not UTF-8 text, so it is not a setkey.conf.`,
    };
  }
  const guard = checkInput(text);
  return guard ? { refused: `${file.name} was refused: ${guard.message}` } : { text };
}
