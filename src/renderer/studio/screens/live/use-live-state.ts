import { useEffect, useRef, useState } from 'react';
import type { LiveState } from '../../../../shared/contract/live-api';
import type { SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';

/** The refetch the live panel does after a change event, at most this often. */
const REFETCH_MS = 250;

/**
 * The live panel's view of one session: `live.state` fetched once, then refetched (coalesced)
 * whenever the core says something changed. The core already throttles its events to ≤ 4/s.
 */
export function useLiveState(sessionId: SessionId | null): {
  state: LiveState | null;
  error: string | null;
  refresh: () => void;
} {
  const client = useStudio();
  const [state, setState] = useState<LiveState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (sessionId === null) return;
    let current = true;
    client.invoke('live.state', { sessionId }).then(
      (next) => {
        if (!current) return;
        setState(next);
        setError(null);
      },
      (e: unknown) => {
        if (current) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      current = false;
    };
  }, [client, sessionId, tick]);

  useEffect(() => {
    if (sessionId === null) return;
    const schedule = (payload: { sessionId: number } | { id: number }): void => {
      const id = 'sessionId' in payload ? payload.sessionId : payload.id;
      if (id !== sessionId || timer.current !== null) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        setTick((t) => t + 1);
      }, REFETCH_MS);
    };
    const offs = [
      client.on('live.updated', schedule),
      client.on('chat.posted', schedule),
      client.on('question.changed', schedule),
      client.on('poll.changed', schedule),
      client.on('offer.changed', schedule),
      client.on('lottery.drawn', schedule),
      client.on('session.changed', schedule),
    ];
    return () => {
      for (const off of offs) off();
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [client, sessionId]);

  const shown = state !== null && state.session.id === sessionId ? state : null;
  return { state: shown, error, refresh: () => setTick((t) => t + 1) };
}
