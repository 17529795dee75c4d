import { createClient, type EncoreBridge, type StudioClient } from '../../../shared/contract';
import { createWebSocketTransport, type ConnectionState } from '../../common/ws-transport';

export interface Connection {
  client: StudioClient;
  kind: 'ipc' | 'websocket';
  onState: (listener: (state: ConnectionState) => void) => () => void;
}

/**
 * Inside Electron the preload provides `window.encore`; in a browser the page was opened from the
 * browser host with `?token=…`, which also set a same-site cookie for the API socket.
 */
export function connect(): Connection {
  const bridge = (window as Window & { encore?: EncoreBridge }).encore;
  if (bridge) {
    return {
      client: createClient({ invoke: bridge.invoke, on: bridge.on }),
      kind: 'ipc',
      onState: (listener) => {
        listener('open');
        return () => undefined;
      },
    };
  }
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (token) {
    // The studio is often on a shared screen: keep the token out of the address bar.
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const transport = createWebSocketTransport(`${scheme}://${location.host}/api${query}`);
  return { client: createClient(transport), kind: 'websocket', onState: transport.onState };
}
