import { describe, expect, it, vi } from 'vitest';
import { StudioError } from '../../src/shared/contract';
import { createRouter, type HandlerMap } from '../../src/main/kernel/router';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { analyticsStubHandlers } from '../helpers/analytics-stubs';
import { courseStubHandlers } from '../helpers/course-stubs';
import { learnerStubHandlers } from '../helpers/learner-stubs';
import { backupStubHandlers } from '../helpers/backup-stubs';
import { broadcastStubHandlers } from '../helpers/broadcast-stubs';
import { liveStubHandlers } from '../helpers/live-stubs';
import { outputStubHandlers } from '../helpers/rtmp-output-stubs';
import { exportStubHandlers } from '../helpers/export-stubs';
import { reviewStubHandlers } from '../helpers/review-stubs';
import { offerLabStubHandlers } from '../helpers/offer-lab-stubs';
import { scheduleStubHandlers } from '../helpers/schedule-stubs';
import { rosterStubHandlers } from '../helpers/roster-stubs';
import { satisfactionStubHandlers } from '../helpers/satisfaction-stubs';
import { pointsStubHandlers } from '../helpers/points-stubs';
import { highValueStubHandlers } from '../helpers/high-value-stubs';
import { importWizardStubHandlers } from '../helpers/import-wizard-stubs';
import { webrtcStubHandlers } from '../helpers/webrtc-stubs';

const workspace = {
  name: 'default' as const,
  dataDir: '/tmp/x',
  courses: 0,
  learners: 0,
  sessions: 0,
};

function handlers(overrides: Partial<HandlerMap> = {}): HandlerMap {
  return {
    'app.info': () => ({ name: 'Encore Studio', version: '0', host: 'test', workspace }),
    'settings.get': () => ({ language: 'en' }),
    'studio.health': () => ({ storage: null }),
    'settings.update': (input) => ({ language: input.language ?? 'en' }),
    'workspace.open': () => workspace,
    'workspace.loadDemo': () => ({ ...workspace, name: 'demo' }),
    ...courseStubHandlers(),
    'library.courses': () => [],
    'library.learners': (input) => ({ total: input.limit, rows: [] }),
    'library.sessions': () => [],
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
    ...overrides,
  };
}

const ctx = { transport: 'test' } as const;

describe('router', () => {
  it('returns the handler value in an ok envelope, with input defaults applied', async () => {
    const router = createRouter(handlers(), createSilentLogger());
    expect(await router.handle('library.learners', {}, ctx)).toEqual({
      ok: true,
      value: { total: 100, rows: [] },
    });
  });

  it('rejects unknown methods, including prototype names', async () => {
    const router = createRouter(handlers(), createSilentLogger());
    for (const name of ['nope', 'constructor', '__proto__', 'toString', 42, null]) {
      const result = await router.handle(name, {}, ctx);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('rejects malformed input before the handler runs', async () => {
    const spy = vi.fn(() => ({ language: 'en' as const }));
    const router = createRouter(handlers({ 'settings.update': spy }), createSilentLogger());
    for (const input of [{ language: 'fr' }, { language: 'en', extra: 1 }, 'text', [1]]) {
      const result = await router.handle('settings.update', input, ctx);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    const tooBig = await router.handle('library.learners', { limit: 10_000 }, ctx);
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(spy).not.toHaveBeenCalled();
  });

  it('passes StudioError codes and messages through', async () => {
    const router = createRouter(
      handlers({
        'library.courses': () => {
          throw new StudioError('NOT_FOUND', 'no such course');
        },
      }),
      createSilentLogger(),
    );
    expect(await router.handle('library.courses', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no such course' },
    });
  });

  it('never leaks a stack trace or an internal message', async () => {
    const logger = createSilentLogger();
    const logged = vi.spyOn(logger, 'error');
    const router = createRouter(
      handlers({
        'library.sessions': () => {
          throw new Error('SQLITE_CORRUPT at /home/someone/secret.db');
        },
      }),
      logger,
    );
    const result = await router.handle('library.sessions', {}, ctx);
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'library.sessions failed; see the studio log' },
    });
    expect(JSON.stringify(result)).not.toMatch(/secret|at \//);
    expect(logged).toHaveBeenCalled();
  });

  it('refuses output that breaks the contract', async () => {
    const router = createRouter(
      handlers({ 'settings.get': () => ({ language: 'klingon' }) as never }),
      createSilentLogger(),
    );
    expect(await router.handle('settings.get', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('refuses to start with a missing or an unknown handler', () => {
    const { 'library.sessions': _omitted, ...partial } = handlers();
    expect(() => createRouter(partial as HandlerMap, createSilentLogger())).toThrow(
      /without a handler: library.sessions/,
    );
    const extra = { ...handlers(), 'nope.verb': () => 1 } as HandlerMap;
    expect(() => createRouter(extra, createSilentLogger())).toThrow(/unknown methods: nope.verb/);
  });
});
