import { describe, expect, it, vi } from 'vitest';
import { createStudio } from '../../../src/main/app/create-studio';
import { createEventBus } from '../../../src/main/kernel/event-bus';
import { createSilentLogger } from '../../../src/main/kernel/logger';
import { createRouter, type HandlerMap } from '../../../src/main/kernel/router';
import { registerIpc, type IpcOptions } from '../../../src/main/shell/ipc';
import { isTrustedStudioUrl } from '../../../src/main/shell/security';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/contract';
import { analyticsStubHandlers } from '../../helpers/analytics-stubs';
import { courseStubHandlers } from '../../helpers/course-stubs';
import { learnerStubHandlers } from '../../helpers/learner-stubs';
import { backupStubHandlers } from '../../helpers/backup-stubs';
import { broadcastStubHandlers } from '../../helpers/broadcast-stubs';
import { liveStubHandlers } from '../../helpers/live-stubs';
import { outputStubHandlers } from '../../helpers/rtmp-output-stubs';
import { exportStubHandlers } from '../../helpers/export-stubs';
import { reviewStubHandlers } from '../../helpers/review-stubs';
import { offerLabStubHandlers } from '../../helpers/offer-lab-stubs';
import { scheduleStubHandlers } from '../../helpers/schedule-stubs';
import { rosterStubHandlers } from '../../helpers/roster-stubs';
import { satisfactionStubHandlers } from '../../helpers/satisfaction-stubs';
import { pointsStubHandlers } from '../../helpers/points-stubs';
import { highValueStubHandlers } from '../../helpers/high-value-stubs';
import { importWizardStubHandlers } from '../../helpers/import-wizard-stubs';
import { webrtcStubHandlers } from '../../helpers/webrtc-stubs';
import { useTempDirs } from '../../helpers/temp-dir';

// registerIpc takes its Electron objects as arguments, so these fakes stand in for ipcMain,
// web contents and frames; the router behind them is the real one.

const BASE = 'file:///app/out/renderer/studio/';
const STUDIO_PAGE = `${BASE}index.html`;
const workspace = {
  name: 'default' as const,
  dataDir: '/tmp/x',
  courses: 1,
  learners: 2,
  sessions: 3,
};

// Electron's types, reached through registerIpc's signature (tests may not import 'electron').
type InvokeHandler = Parameters<IpcOptions['ipcMain']['handle']>[1];
type InvokeEvent = Parameters<InvokeHandler>[0];
type StudioContents = ReturnType<IpcOptions['studioContents']>;

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  frameToken: string;
  detached: boolean;
}

interface FakeContents {
  id: number;
  mainFrame: FakeFrame;
  sent: unknown[][];
  destroyed: boolean;
  isDestroyed(): boolean;
  send(...args: unknown[]): void;
}

let nextId = 1;

function fakeContents(url = STUDIO_PAGE): FakeContents {
  const id = nextId++;
  const contents: FakeContents = {
    id,
    mainFrame: { url, parent: null, frameToken: `main-${id}`, detached: false },
    sent: [],
    destroyed: false,
    isDestroyed: () => contents.destroyed,
    send: (...args) => {
      contents.sent.push(args);
    },
  };
  return contents;
}

function setup(options: { studio?: FakeContents[] } = {}) {
  const handlers: HandlerMap = {
    'app.info': vi.fn(() => ({
      name: 'Encore Studio',
      version: '0',
      host: 'test' as const,
      workspace,
    })),
    'settings.get': vi.fn(() => ({ language: 'en' as const })),
    'studio.health': vi.fn(() => ({ storage: null })),
    'settings.update': vi.fn<HandlerMap['settings.update']>((input) => ({
      language: input.language ?? 'en',
    })),
    'workspace.open': vi.fn(() => workspace),
    'workspace.loadDemo': vi.fn(() => workspace),
    ...courseStubHandlers(),
    'library.courses': vi.fn(() => []),
    'library.learners': vi.fn<HandlerMap['library.learners']>((input) => ({
      total: input.limit,
      rows: [],
    })),
    'library.sessions': vi.fn(() => []),
    ...liveStubHandlers(),
    ...analyticsStubHandlers(),
    ...learnerStubHandlers(),
    ...backupStubHandlers(),
    ...outputStubHandlers(),
    ...exportStubHandlers(),
    ...broadcastStubHandlers(),
    ...webrtcStubHandlers(),
    ...scheduleStubHandlers(),
    ...rosterStubHandlers(),
    ...satisfactionStubHandlers(),
    ...pointsStubHandlers(),
    ...highValueStubHandlers(),
    ...importWizardStubHandlers(),
    ...reviewStubHandlers(),
    ...offerLabStubHandlers(),
  };
  const router = createRouter(handlers, createSilentLogger());
  const events = createEventBus((error) => {
    throw error;
  });
  const registered = new Map<string, InvokeHandler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: InvokeHandler) => {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => {
      registered.delete(channel);
    }),
    // Present so that a test can prove nothing listens for fire-and-forget messages.
    on: vi.fn(),
  };
  const studio = options.studio ?? [fakeContents()];
  const warn = vi.fn();
  const dispose = registerIpc({
    ipcMain,
    router,
    events,
    isTrusted: (url) => isTrustedStudioUrl(url, BASE),
    studioContents: () => studio as unknown as StudioContents,
    warn,
  });

  const invoke = (
    sender: FakeContents,
    frame: FakeFrame | null,
    method: unknown,
    input: unknown,
  ): Promise<unknown> => {
    const handler = registered.get(IPC_INVOKE_CHANNEL);
    if (!handler) throw new Error('no invoke handler');
    const event = { sender, senderFrame: frame } as unknown as InvokeEvent;
    return Promise.resolve(handler(event, method, input));
  };
  return { handlers, events, ipcMain, registered, studio, warn, dispose, invoke };
}

describe('registerIpc', () => {
  it('registers exactly one handler, on the invoke channel, and no listeners', () => {
    const { ipcMain, registered } = setup();
    expect(ipcMain.handle).toHaveBeenCalledTimes(1);
    expect([...registered.keys()]).toEqual([IPC_INVOKE_CHANNEL]);
    expect(ipcMain.on).not.toHaveBeenCalled();
  });

  it("answers a trusted main frame with the router's envelope", async () => {
    const { invoke, studio, handlers } = setup();
    const window = studio[0]!;
    expect(await invoke(window, window.mainFrame, 'library.learners', { limit: 7 })).toEqual({
      ok: true,
      value: { total: 7, rows: [] },
    });
    expect(handlers['library.learners']).toHaveBeenCalledWith(
      { limit: 7, offset: 0 },
      { transport: 'ipc' },
    );
  });

  it('reports unknown methods and malformed input as envelopes', async () => {
    const { invoke, studio, handlers } = setup();
    const window = studio[0]!;
    expect(await invoke(window, window.mainFrame, 'fs.readFile', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect(await invoke(window, window.mainFrame, { toString: 1 }, {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect(
      await invoke(window, window.mainFrame, 'settings.update', { language: 'xx' }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(handlers['settings.update']).not.toHaveBeenCalled();
  });

  it('refuses untrusted senders with FORBIDDEN and never calls the handler', async () => {
    const { invoke, studio, handlers, warn } = setup();
    const window = studio[0]!;
    const subframe: FakeFrame = {
      url: STUDIO_PAGE,
      parent: window.mainFrame,
      frameToken: 'sub-1',
      detached: false,
    };
    const foreignPage = fakeContents('https://evil.example/');
    const stranger = fakeContents(STUDIO_PAGE); // a studio URL, but not one of our windows
    const cases: [string, FakeContents, FakeFrame | null][] = [
      ['missing sender frame', window, null],
      ['detached frame', window, { ...window.mainFrame, detached: true }],
      ['subframe', window, subframe],
      ['top-level frame of another window', window, { ...window.mainFrame, frameToken: 'x' }],
      [
        'other origin in a studio window',
        window,
        { ...window.mainFrame, url: 'https://evil.example/' },
      ],
      [
        'viewer page',
        window,
        { ...window.mainFrame, url: 'file:///app/out/renderer/viewer/index.html' },
      ],
      ['not a studio window', stranger, stranger.mainFrame],
      ['foreign web contents', foreignPage, foreignPage.mainFrame],
    ];
    for (const [name, sender, frame] of cases) {
      const result = await invoke(sender, frame, 'app.info', {});
      expect(result, name).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'this page may not call the studio' },
      });
    }
    expect(handlers['app.info']).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(cases.length);
  });

  it('never lets an exception (or its stack) out of the handler', async () => {
    const { invoke, studio } = setup();
    const window = studio[0]!;
    const hostile = {
      get url(): string {
        throw new Error('boom at secret/path.ts:1');
      },
      parent: null,
      frameToken: window.mainFrame.frameToken,
      detached: false,
    } as unknown as FakeFrame;
    const result = await invoke(window, hostile, 'app.info', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'the call failed; see the studio log' },
    });
  });

  it('sends events on the event channel to trusted studio windows only', () => {
    const trusted = fakeContents();
    const navigatedAway = fakeContents('https://evil.example/');
    const closed = fakeContents();
    closed.destroyed = true;
    const { events } = setup({ studio: [trusted, navigatedAway, closed] });
    const outsider = fakeContents();

    events.emit('settings.changed', { language: 'zh-CN' });

    expect(trusted.sent).toEqual([[IPC_EVENT_CHANNEL, 'settings.changed', { language: 'zh-CN' }]]);
    expect(navigatedAway.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
    expect(outsider.sent).toEqual([]);
  });

  it('keeps delivering to other windows when one send throws', () => {
    const failing = fakeContents();
    failing.send = () => {
      throw new Error('Object has been destroyed');
    };
    const healthy = fakeContents();
    const { events, warn } = setup({ studio: [failing, healthy] });
    events.emit('settings.changed', { language: 'en' });
    expect(healthy.sent).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith('IPC event not delivered', expect.any(Object));
  });

  it('dispose removes the handler and stops events', () => {
    const { dispose, events, ipcMain, registered, studio } = setup();
    dispose();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL);
    expect(registered.size).toBe(0);
    events.emit('settings.changed', { language: 'en' });
    expect(studio[0]!.sent).toEqual([]);
  });

  describe('with a real studio', () => {
    const tempDir = useTempDirs();

    it('serves calls from the studio window and pushes the events they cause', async () => {
      const studio = createStudio({
        dataDir: tempDir(),
        host: 'test',
        logger: createSilentLogger(),
      });
      const window = fakeContents();
      const registered = new Map<string, InvokeHandler>();
      const dispose = registerIpc({
        ipcMain: {
          handle: (channel: string, handler: InvokeHandler) => registered.set(channel, handler),
          removeHandler: (channel: string) => registered.delete(channel),
        },
        router: studio.router,
        events: studio.events,
        isTrusted: (url) => isTrustedStudioUrl(url, BASE),
        studioContents: () => [window] as unknown as StudioContents,
      });
      const call = (method: string, input: unknown) => {
        const event = { sender: window, senderFrame: window.mainFrame } as unknown as InvokeEvent;
        return Promise.resolve(registered.get(IPC_INVOKE_CHANNEL)!(event, method, input));
      };
      try {
        expect(await call('app.info', {})).toMatchObject({
          ok: true,
          value: { name: 'Encore Studio', host: 'test', workspace: { name: 'default' } },
        });
        expect(await call('settings.update', { language: 'zh-CN' })).toEqual({
          ok: true,
          value: { language: 'zh-CN', timeZone: 'UTC' },
        });
        expect(window.sent).toEqual([
          [IPC_EVENT_CHANNEL, 'settings.changed', { language: 'zh-CN', timeZone: 'UTC' }],
        ]);
        expect(await call('library.learners', { limit: 0 })).toMatchObject({
          ok: false,
          error: { code: 'BAD_INPUT' },
        });
      } finally {
        dispose();
        studio.close();
      }
    });
  });
});
