import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServerFrames, readStreamControl } from '../../../src/renderer/viewer/frame-guards';
import { translate } from '../../../src/renderer/viewer/viewer-messages';

const GOLDEN = join(
  import.meta.dirname,
  '..',
  '..',
  'fixtures',
  'audience-golden',
  'transcript.json',
);

describe('the viewer page reads server frames without zod', () => {
  it('accepts every frame of the golden transcript (what the hub really sends)', () => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as {
      viewers: { connections: unknown[][] }[];
    };
    const frames = golden.viewers.flatMap((viewer) => viewer.connections.flat());
    expect(frames.length).toBeGreaterThan(100);
    const types = new Set<string>();
    for (const frame of frames) {
      const read = readServerFrames(JSON.stringify(frame));
      expect(read, JSON.stringify(frame).slice(0, 200)).toEqual([frame]);
      types.add((frame as { type: string }).type);
    }
    expect(types).toContain('welcome');
    expect(types).toContain('chat');
    // A batch is unpacked.
    expect(readServerFrames(JSON.stringify({ type: 'batch', frames: frames.slice(0, 5) }))).toEqual(
      frames.slice(0, 5),
    );
  });

  it('refuses what the page could not use', () => {
    for (const text of [
      'not json',
      'null',
      '[]',
      '"chat"',
      '{}',
      '{"type":"nope"}',
      '{"type":"toString"}',
      '{"type":"chat"}',
      '{"type":"chat","message":"hello"}',
      '{"type":"viewers","count":"3"}',
      '{"type":"error","id":null,"code":"RATE_LIMITED","message":"x"}',
      '{"type":"batch","frames":"x"}',
    ]) {
      expect(readServerFrames(text), text).toBeNull();
    }
    // A batch keeps its readable frames.
    expect(
      readServerFrames('{"type":"batch","frames":[{"type":"viewers","count":2},{"type":"chat"}]}'),
    ).toEqual([{ type: 'viewers', count: 2 }]);
    expect(readServerFrames('{"type":"goodbye","reason":"ended"}')).toEqual([
      { type: 'goodbye', reason: 'ended' },
    ]);
  });

  it('reads the HTTP stream control frames', () => {
    expect(readStreamControl('{"type":"init","mimeType":"video/mp4"}')).toEqual({
      type: 'init',
      mimeType: 'video/mp4',
    });
    expect(readStreamControl('{"type":"skip"}')).toEqual({ type: 'skip' });
    expect(readStreamControl('{"type":"hello"}')).toBeNull();
    expect(readStreamControl('{"type":"init","mimeType":3}')).toBeNull();
    expect(readStreamControl('{')).toBeNull();
  });
});

describe('the viewer translator', () => {
  it('fills values, falls back to English, then to the key', () => {
    expect(translate('en', 'link.pending', { count: 3 })).toBe('3 action(s) waiting to be sent');
    expect(translate('zh-CN', 'hand.raise')).toBe('举手');
    expect(translate('zh-CN', 'errors.generic', { message: 'x' })).toBe('发送失败：x');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
    expect(translate('en', 'join')).toBe('join');
    expect(translate('en', 'errors.generic')).toBe('Could not send: {{message}}');
  });
});
