import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../src/shared/contract';
import { openStudioPage } from '../helpers/e2e-studio';
import { SCREENSHOTS_DIR as SHOTS, studioApi, useChromiumStudio } from '../helpers/e2e-steps';
import { useTempDirs } from '../helpers/temp-dir';

// "Watch this moment": on the demo workspace, the class report's drop-offs and its poll and offer
// markers each open Review on that class at that second of its timeline.

const tempDir = useTempDirs();

describe('report → Review at the moment', () => {
  const suite = useChromiumStudio(tempDir);
  const api = studioApi(suite.studio);

  beforeAll(async () => {
    await api('workspace.loadDemo', {});
  });

  it('opens Review at a drop-off, a poll and an offer of the report', async () => {
    const { page, errors } = await openStudioPage(suite.browser(), suite.host(), suite.contexts);
    const sessions = await api<MethodOutput<'library.sessions'>>('library.sessions', {});
    const ended = sessions
      .filter((s) => s.status === 'ended')
      .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
    const session = ended[0]!;
    const timeline = await api<MethodOutput<'review.timeline'>>('review.timeline', {
      sessionId: session.id,
    });

    const openReport = async (): Promise<void> => {
      await page.getByTestId('nav-reports').click();
      await page.getByTestId(`open-report-${String(session.id)}`).click();
      await page.getByTestId('attendance-events').waitFor({ timeout: 45_000 });
    };
    /** Clicks a watch button and checks Review opened on the class at its moment. */
    const watch = async (button: Locator): Promise<number> => {
      const testId = (await button.getAttribute('data-testid'))!;
      const at = Number(testId.slice('watch-'.length));
      await button.click();
      await page.getByTestId('review-player').waitFor();
      const expected = (at - timeline.originAt) / 1_000;
      await expect
        .poll(async () =>
          Number(await page.getByTestId('review-time').getAttribute('data-seconds')),
        )
        .toBeCloseTo(expected, 1);
      expect(await page.locator('.review-head h1').textContent()).toBe(session.title);
      return expected;
    };

    await openReport();
    const drops = page.getByTestId('attendance-dropoffs').locator('.watch-moment');
    expect(await drops.count()).toBeGreaterThan(0);
    await page
      .getByTestId('attendance-events')
      .screenshot({ path: join(SHOTS, 'report-watch-moment-en.png') });
    const dropT = await watch(drops.first());
    expect(dropT).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'review-at-moment-en.png') });

    for (const kind of ['poll', 'offer'] as const) {
      await openReport();
      const item = page
        .getByTestId('attendance-events')
        .locator('li')
        .filter({ has: page.locator(`.marker-badge.${kind}`) })
        .first();
      const t = await watch(item.locator('.watch-moment'));
      // The marker on the Review timeline sits at the same second.
      const near = timeline.markers.filter(
        (m) =>
          (kind === 'offer' ? m.kind === 'offer' : m.kind !== 'offer') && Math.abs(m.t - t) < 1,
      );
      expect(near.length).toBeGreaterThan(0);
    }

    await page.getByTestId('language-select').selectOption('zh-CN');
    await openReport();
    await expect
      .poll(() =>
        page.getByTestId('attendance-events').locator('.watch-moment').first().textContent(),
      )
      .toContain('观看此刻');
    await page
      .getByTestId('attendance-events')
      .screenshot({ path: join(SHOTS, 'report-watch-moment-zh-CN.png') });
    await watch(page.getByTestId('attendance-dropoffs').locator('.watch-moment').first());
    await page.screenshot({ path: join(SHOTS, 'review-at-moment-zh-CN.png') });
    expect(errors).toEqual([]);
  }, 240_000);
});
