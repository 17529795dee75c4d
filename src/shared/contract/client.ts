import type { Envelope } from './envelope';
import { StudioError } from './errors';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './studio-api';

/** How a client reaches the core: Electron IPC (window.encore) or the browser host's WebSocket. */
export interface Transport {
  invoke: (method: string, input: unknown) => Promise<Envelope<unknown>>;
  on: (event: string, listener: (payload: unknown) => void) => () => void;
}

export interface StudioClient {
  /** Resolves with the value, or rejects with a StudioError carrying the envelope's code. */
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): StudioClient {
  return {
    async invoke(method, input) {
      const envelope = await transport.invoke(method, input);
      if (!envelope.ok) throw new StudioError(envelope.error.code, envelope.error.message);
      // The core validated this value against the contract before sending it.
      return envelope.value as never;
    },
    on(event, listener) {
      return transport.on(event, (payload) => listener(payload as never));
    },
  };
}
