import { createContext, useContext } from 'react';
import type { StudioClient } from '../../../shared/contract';

export const StudioContext = createContext<StudioClient | null>(null);

export function useStudio(): StudioClient {
  const client = useContext(StudioContext);
  if (!client) throw new Error('useStudio() outside <StudioContext.Provider>');
  return client;
}
