import { useCallback, useEffect, useState } from 'react';

export type QueryState<T> =
  | { status: 'loading'; data: T | undefined }
  | { status: 'ready'; data: T }
  | { status: 'error'; data: T | undefined; message: string };

type Settled<T> = { key: string; data: T | undefined; message: string | null };

/**
 * Runs `load` when `key` changes (and on `reload()`), keeping the previous data on screen while
 * the next arrives so tables do not flash empty. Late answers for an old key are dropped.
 */
export function useQuery<T>(
  key: string,
  load: () => Promise<T>,
): QueryState<T> & { reload(): void } {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const fullKey = `${key}#${String(generation)}`;

  useEffect(() => {
    let current = true;
    load().then(
      (data) => {
        if (current) setSettled({ key: fullKey, data, message: null });
      },
      (error: unknown) => {
        if (current) {
          const message = error instanceof Error ? error.message : String(error);
          setSettled((previous) => ({ key: fullKey, data: previous?.data, message }));
        }
      },
    );
    return () => {
      current = false;
    };
    // `load` is recreated every render; `fullKey` names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fullKey]);

  if (settled?.key !== fullKey) return { status: 'loading', data: settled?.data, reload };
  if (settled.message !== null)
    return { status: 'error', data: settled.data, message: settled.message, reload };
  return { status: 'ready', data: settled.data as T, reload };
}
