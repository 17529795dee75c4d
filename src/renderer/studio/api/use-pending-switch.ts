import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a stored switch may take to show the stored value after the core answered. */
const SETTLE_MS = 3000;

/**
 * A switch that shows the clicked value at once, while the core stores it. The stored value takes
 * over as soon as it changes (or shortly after the core answered, whatever it stored); if the core
 * refuses, the switch goes back to the stored value and `flip`'s promise rejects, so the caller
 * shows the error.
 */
export function usePendingSwitch(stored: boolean | undefined): {
  checked: boolean;
  pending: boolean;
  flip: (next: boolean, store: () => Promise<unknown>) => Promise<void>;
} {
  // The clicked value, and the stored value it was clicked over.
  const [pending, setPending] = useState<{ next: boolean; over: boolean | undefined } | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const flip = useCallback(
    async (next: boolean, store: () => Promise<unknown>) => {
      const mark = { next, over: stored };
      setPending(mark);
      const clear = (): void => {
        if (mounted.current) setPending((p) => (p === mark ? null : p));
      };
      try {
        await store();
      } catch (e) {
        clear();
        throw e;
      }
      setTimeout(clear, SETTLE_MS);
    },
    [stored],
  );
  const waiting = pending !== null && pending.over === stored;
  return { checked: waiting ? pending.next : (stored ?? false), pending: waiting, flip };
}
