import { describe, expect, it } from 'vitest';
import { ChunkQueue } from '../../../src/renderer/studio/screens/broadcast/chunk-queue';

/** A send that holds every call until the test lets it go, like a core slow to acknowledge. */
function slowSend() {
  const sent: number[][] = [];
  const held: (() => void)[] = [];
  const send = (bytes: Uint8Array): Promise<void> => {
    sent.push([...bytes]);
    return new Promise<void>((resolve) => held.push(resolve));
  };
  const releaseAll = (): void => {
    for (const release of held.splice(0)) release();
  };
  return { sent, send, releaseAll };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

const blob = (...bytes: number[]) => new Blob([new Uint8Array(bytes)]);

describe('the recorder chunk queue', () => {
  it('sends the chunks that came during a slow send together, in order', async () => {
    const errors: string[] = [];
    const { sent, send, releaseAll } = slowSend();
    const queue = new ChunkQueue(send, 1_024, (m) => errors.push(m));
    queue.add(blob(1, 2));
    await settle();
    expect(sent).toEqual([[1, 2]]);
    // Five more chunks while the core has not answered the first.
    for (let i = 3; i <= 7; i += 1) queue.add(blob(i));
    expect(queue.waiting).toBe(5);
    await settle();
    expect(sent).toHaveLength(1);
    releaseAll();
    await settle();
    // One send for the five, not five round trips.
    expect(sent).toEqual([
      [1, 2],
      [3, 4, 5, 6, 7],
    ]);
    expect(queue.waiting).toBe(0);
    releaseAll();
    await queue.drained();
    expect(errors).toEqual([]);
  });

  it('cuts a long run into pieces of at most the limit, skips empty chunks, and drains', async () => {
    const sent: number[][] = [];
    const queue = new ChunkQueue(
      (bytes) => {
        sent.push([...bytes]);
        return Promise.resolve();
      },
      2,
      () => undefined,
    );
    queue.add(blob());
    queue.add(blob(1, 2, 3, 4, 5));
    await queue.drained();
    expect(sent).toEqual([[1, 2], [3, 4], [5]]);
    await queue.drained();
  });

  it('reports a send that throws and carries on with the next chunks', async () => {
    const errors: string[] = [];
    let calls = 0;
    const sent: number[][] = [];
    const queue = new ChunkQueue(
      (bytes) => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('link down'));
        sent.push([...bytes]);
        return Promise.resolve();
      },
      16,
      (m) => errors.push(m),
    );
    queue.add(blob(1));
    await queue.drained();
    queue.add(blob(2));
    await queue.drained();
    expect(errors).toEqual(['link down']);
    expect(sent).toEqual([[2]]);
  });

  it('refuses a piece size that is not positive', () => {
    expect(
      () =>
        new ChunkQueue(
          () => Promise.resolve(),
          0,
          () => undefined,
        ),
    ).toThrow(/positive/);
  });
});
