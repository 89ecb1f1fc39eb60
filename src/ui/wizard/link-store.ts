import type { Link } from '../../core/model';

/**
 * The wizard's current valid link, readable by other views without re-rendering the app on every
 * keystroke: views subscribe (useSyncExternalStore) only while they are on screen.
 */
export interface LinkStore {
  get: () => Link | undefined;
  set: (link: Link | undefined) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createLinkStore(): LinkStore {
  let current: Link | undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set: (link) => {
      if (link === current) return;
      current = link;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
