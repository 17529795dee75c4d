import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, fail, type Envelope } from '../../shared/contract';
import type { EventBus } from '../kernel/event-bus';
import type { Router } from '../kernel/router';

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  router: Router;
  events: Pick<EventBus, 'subscribe'>;
  /** Whether a page URL is one of the studio's own (isTrustedStudioUrl bound to the base). */
  isTrusted: (url: string) => boolean;
  /** The web contents of the studio windows now open: the only senders and event receivers. */
  studioContents: () => readonly WebContents[];
  warn?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * The studio API over Electron IPC, on exactly two channels: `encore:invoke` (renderer → core,
 * answered with an envelope) and `encore:event` (core → renderer). Returns a dispose function.
 */
export function registerIpc(options: IpcOptions): () => void {
  const { ipcMain, router, events, isTrusted, studioContents } = options;
  const warn = options.warn ?? (() => undefined);

  const isStudio = (contents: WebContents): boolean =>
    studioContents().some((candidate) => candidate.id === contents.id);

  const senderProblem = (event: IpcMainInvokeEvent): string | null => {
    const frame = event.senderFrame;
    // Null once the frame has navigated away or gone: the page that asked no longer exists.
    if (!frame || frame.detached) return 'the sender frame is gone';
    if (frame.parent !== null || frame.frameToken !== event.sender.mainFrame.frameToken) {
      return 'the sender is not a main frame';
    }
    if (!isStudio(event.sender)) return 'the sender is not a studio window';
    if (!isTrusted(frame.url)) return 'the sender page is not the studio';
    return null;
  };

  ipcMain.handle(
    IPC_INVOKE_CHANNEL,
    async (event, method: unknown, input: unknown): Promise<Envelope<unknown>> => {
      try {
        const problem = senderProblem(event);
        if (problem !== null) {
          warn('IPC call refused', {
            problem,
            method: typeof method === 'string' ? method.slice(0, 100) : typeof method,
          });
          return fail('FORBIDDEN', 'this page may not call the studio');
        }
        // The same rule as the WebSocket frame schema: a method name is a string. Checked here
        // too because an object can arrive with a `toString` that is not a function.
        if (typeof method !== 'string') {
          return fail('UNKNOWN_METHOD', `the method name must be a string, got ${typeof method}`);
        }
        return await router.handle(method, input, { transport: 'ipc' });
      } catch (error) {
        // The router never throws; this keeps an Electron error (with its stack) off the wire
        // should a sender check ever do so.
        warn('IPC call failed', { error: String(error) });
        return fail('INTERNAL', 'the call failed; see the studio log');
      }
    },
  );

  const unsubscribe = events.subscribe((name, payload) => {
    for (const contents of studioContents()) {
      if (contents.isDestroyed() || !isTrusted(contents.mainFrame.url)) continue;
      try {
        contents.send(IPC_EVENT_CHANNEL, name, payload);
      } catch (error) {
        // A window closing between the check and the send; the others still get the event.
        warn('IPC event not delivered', { event: name, error: String(error) });
      }
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}
