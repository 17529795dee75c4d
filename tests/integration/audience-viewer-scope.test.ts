import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir';
import { joinViewer, liveSession, startStudio, useLiveCleanup } from '../helpers/audience';

// Hardening (#10, item 7): what one viewer sends is theirs alone. An action id only has to be
// unique on the device that made it, and a name is the one they had when they wrote.
const tempDir = useTempDirs();
const { studios, viewers } = useLiveCleanup();

async function setup() {
  const studio = startStudio(tempDir());
  studios.push(studio);
  const session = await liveSession(studio);
  const join = async (name: string, deviceToken?: string) => {
    const viewer = await joinViewer(session.wsUrl, {
      name,
      ...(deviceToken ? { deviceToken } : {}),
    });
    viewers.push(viewer);
    return viewer;
  };
  return { studio, ...session, join };
}

describe('viewer-scoped actions', () => {
  it("another viewer's action id is not a duplicate of mine: both are stored and shown", async () => {
    const { studio, join } = await setup();
    const ann = await join('Ann');
    const bob = await join('Bob');
    // Ids are client-generated; two pages (or a hostile one copying ids) can send the same one.
    const id = 'shared-action-id-1';
    expect(await ann.act({ type: 'chat', id, text: 'from Ann' })).toMatchObject({
      type: 'ack',
      duplicate: false,
    });
    expect(await bob.act({ type: 'chat', id, text: 'from Bob' })).toMatchObject({
      type: 'ack',
      duplicate: false,
    });
    // A real resend by the same viewer is still recognised.
    expect(await bob.act({ type: 'chat', id, text: 'from Bob' })).toMatchObject({
      type: 'ack',
      duplicate: true,
    });
    await ann.waitFor((f) => f.type === 'chat' && f.message.text === 'from Bob');
    const texts = (
      studio.workspace().db.prepare(`SELECT text FROM chat_messages ORDER BY id`).all() as {
        text: string;
      }[]
    ).map((r) => r.text);
    expect(texts).toEqual(['from Ann', 'from Bob']);
  });

  it('renaming keeps the author of earlier chat and questions in the snapshots others get', async () => {
    const { join } = await setup();
    const first = await join('Ann');
    expect(await first.act({ type: 'chat', text: 'hello as Ann' })).toMatchObject({ type: 'ack' });
    expect(await first.act({ type: 'ask', text: 'a question as Ann' })).toMatchObject({
      type: 'ack',
    });
    await first.close();
    // The same device comes back under another name and writes again.
    const again = await join('Mallory', first.deviceToken);
    expect(again.viewerId).toBe(first.viewerId);
    expect(await again.act({ type: 'chat', text: 'hello as Mallory' })).toMatchObject({
      type: 'ack',
    });
    const late = await join('Late');
    const chat = late.welcome.state.chat.map((m) => [m.name, m.text]);
    expect(chat).toEqual([
      ['Ann', 'hello as Ann'],
      ['Mallory', 'hello as Mallory'],
    ]);
    expect(late.welcome.state.questions.map((q) => [q.name, q.text])).toEqual([
      ['Ann', 'a question as Ann'],
    ]);
  });
});
