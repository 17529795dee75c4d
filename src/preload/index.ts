import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope } from '../shared/contract/envelope';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/contract/channels';
import type { EncoreApi } from './encore-api';

// The bridge between the sandboxed studio page and the core: window.encore = { invoke, on,
// versions }, nothing more. ipcRenderer and its event objects never cross into the page, so a
// script in the page cannot reach other channels or the sender.

// A sandboxed preload can require only 'electron' and a few built-ins: everything else it uses
// (channel names, types) comes from import-free files.

type Listener = (payload: unknown) => void;

/** Listeners by event name, behind one ipcRenderer listener (no max-listeners warnings). */
const listeners = new Map<string, Set<Listener>>();

function dispatch(_event: IpcRendererEvent, name: unknown, payload: unknown): void {
  if (typeof name !== 'string') return;
  for (const listener of [...(listeners.get(name) ?? [])]) {
    try {
      listener(payload);
    } catch (error) {
      // One failing page listener must not keep the event from the others.
      console.error(`encore: listener for ${name} failed`, error);
    }
  }
}

const api: EncoreApi = {
  invoke(method, input) {
    // The core answers every call with an envelope (router.handle never throws).
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input) as Promise<Envelope<unknown>>;
  },
  on(event, listener) {
    if (typeof event !== 'string' || typeof listener !== 'function') {
      throw new TypeError('encore.on(event: string, listener: function)');
    }
    if (listeners.size === 0) ipcRenderer.on(IPC_EVENT_CHANNEL, dispatch);
    let forEvent = listeners.get(event);
    if (!forEvent) {
      forEvent = new Set();
      listeners.set(event, forEvent);
    }
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry: Listener = (payload) => {
      listener(payload);
    };
    forEvent.add(entry);
    return () => {
      const current = listeners.get(event);
      if (!current?.delete(entry)) return;
      if (current.size === 0) listeners.delete(event);
      if (listeners.size === 0) ipcRenderer.removeListener(IPC_EVENT_CHANNEL, dispatch);
    };
  },
  versions: {
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
  },
};

contextBridge.exposeInMainWorld('encore', api);
