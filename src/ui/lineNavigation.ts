/**
 * Where a key moves the focus in a list of lines (the preview and the checked text): arrows by one,
 * Page keys by ten, Home and End to the ends. Undefined for keys that do not move.
 */
export function lineKeyTarget(key: string, active: number, count: number): number | undefined {
  const moves: Record<string, number> = {
    ArrowDown: active + 1,
    ArrowUp: active - 1,
    PageDown: active + 10,
    PageUp: active - 10,
    Home: 0,
    End: count - 1,
  };
  const target = moves[key];
  return target === undefined ? undefined : Math.max(0, Math.min(count - 1, target));
}
