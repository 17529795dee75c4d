import { useEffect, useState } from 'react';
import type { EventName } from '../../../shared/contract';
import { useStudio } from './studio-context';

/**
 * A number that goes up each time one of `events` arrives from the core: put it in a query key
 * and the data reloads when, say, a learner is deleted or orders are imported elsewhere.
 */
export function useEventVersion(events: readonly EventName[]): number {
  const client = useStudio();
  const [version, setVersion] = useState(0);
  const names = events.join(',');
  useEffect(() => {
    const offs = names
      .split(',')
      .map((name) => client.on(name as EventName, () => setVersion((v) => v + 1)));
    return () => {
      for (const off of offs) off();
    };
  }, [client, names]);
  return version;
}
