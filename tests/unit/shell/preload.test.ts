import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EncoreApi } from '../../../src/preload/encore-api';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/contract';

// A fake 'electron' for the preload: contextBridge records what is exposed, ipcRenderer keeps
// its listeners so that the test can play the main process sending events.

type IpcListener = (event: unknown, ...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const listeners = new Map<string, IpcListener[]>();
  const exposed: { key: string; api: unknown }[] = [];
  const sentinelEvent = { sender: 'ipcRenderer-itself', senderId: 0, ports: [] };
  return {
    listeners,
    exposed,
    sentinelEvent,
    emit(channel: string, ...args: unknown[]) {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener(sentinelEvent, ...args);
    },
    listenerCount(channel: string) {
      return listeners.get(channel)?.length ?? 0;
    },
    invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: 'pong' })),
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      fake.exposed.push({ key, api });
    },
  },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (channel: string, listener: IpcListener) => {
      fake.listeners.set(channel, [...(fake.listeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel: string, listener: IpcListener) => {
      fake.listeners.set(
        channel,
        (fake.listeners.get(channel) ?? []).filter((candidate) => candidate !== listener),
      );
    },
  },
}));

async function loadPreload(): Promise<EncoreApi> {
  vi.resetModules();
  fake.exposed.length = 0;
  fake.listeners.clear();
  await import('../../../src/preload/index');
  expect(fake.exposed).toHaveLength(1);
  const [entry] = fake.exposed;
  expect(entry?.key).toBe('encore');
  return entry?.api as EncoreApi;
}

describe('preload', () => {
  beforeEach(() => {
    fake.invoke.mockClear();
  });

  it('exposes exactly invoke, on and versions as window.encore', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'versions']);
    expect(Object.keys(api.versions).sort()).toEqual(['chrome', 'electron', 'node']);
    expect(api.versions.node).toBe(process.versions.node);
    // Nothing that leads back to Electron: no ipcRenderer, no functions besides the two.
    const values = Object.values(api as unknown as Record<string, unknown>);
    expect(values.filter((value) => typeof value === 'function')).toHaveLength(2);
  });

  it('invoke sends the method and input on the invoke channel and returns the envelope', async () => {
    const api = await loadPreload();
    await expect(api.invoke('app.info', { a: 1 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(fake.invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, 'app.info', { a: 1 });
  });

  it('on filters by event name and never hands over the IpcRendererEvent', async () => {
    const api = await loadPreload();
    const changed = vi.fn();
    const other = vi.fn();
    api.on('settings.changed', changed);
    api.on('workspace.changed', other);

    fake.emit(IPC_EVENT_CHANNEL, 'settings.changed', { language: 'en' });
    fake.emit(IPC_EVENT_CHANNEL, 'something.else', { language: 'zh-CN' });
    fake.emit(IPC_EVENT_CHANNEL, 42, {});
    fake.emit('another:channel', 'settings.changed', { language: 'zh-CN' });

    expect(changed.mock.calls).toEqual([[{ language: 'en' }]]);
    expect(other).not.toHaveBeenCalled();
    for (const call of changed.mock.calls) {
      expect(call).not.toContain(fake.sentinelEvent);
    }
  });

  it('on returns a working, idempotent unsubscribe', async () => {
    const api = await loadPreload();
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api.on('settings.changed', first);
    api.on('settings.changed', second);

    offFirst();
    offFirst();
    fake.emit(IPC_EVENT_CHANNEL, 'settings.changed', 1);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith(1);
  });

  it('uses one ipcRenderer listener for all subscriptions and removes it when none are left', async () => {
    const api = await loadPreload();
    const offs = Array.from({ length: 20 }, (_, index) => api.on(`event.${index}`, vi.fn()));
    expect(fake.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
    for (const off of offs) off();
    expect(fake.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it('the same listener subscribed twice is called twice and unsubscribed one at a time', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    const offA = api.on('settings.changed', listener);
    api.on('settings.changed', listener);
    fake.emit(IPC_EVENT_CHANNEL, 'settings.changed', 'x');
    expect(listener).toHaveBeenCalledTimes(2);
    offA();
    fake.emit(IPC_EVENT_CHANNEL, 'settings.changed', 'y');
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('a throwing listener does not keep the event from the others', async () => {
    const api = await loadPreload();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const after = vi.fn();
    api.on('settings.changed', () => {
      throw new Error('page bug');
    });
    api.on('settings.changed', after);
    fake.emit(IPC_EVENT_CHANNEL, 'settings.changed', 1);
    expect(after).toHaveBeenCalledWith(1);
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
  });

  it('rejects a malformed subscription', async () => {
    const api = await loadPreload();
    const on = api.on as (event: unknown, listener: unknown) => () => void;
    expect(() => on(42, vi.fn())).toThrow(TypeError);
    expect(() => on('settings.changed', 'not a function')).toThrow(TypeError);
  });
});
