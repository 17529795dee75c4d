import { describe, expect, it } from 'vitest';
import { anonymiseChat, replayHtml, type ReplayData } from '../../src/main/review/replay-html';

// The replay page carries its data inline: a chat line can hold anything a viewer typed, and must
// come back out as the same text without ending the script element or adding markup.

const HOSTILE = '</script><script>alert(1)</script><!-- \u2028 & <b>';

function data(): ReplayData {
  return {
    title: 'A <title> & more',
    courseTitle: null,
    startedAt: Date.UTC(2026, 11, 6, 10),
    durationS: 20,
    parts: [{ file: 'video-1.mp4', offsetS: 0, durationS: 20 }],
    chapters: [{ t: 0, title: '', source: 'start' }],
    chat: [
      { t: 1, name: 'Mei', fromHost: false, text: HOSTILE },
      { t: 2, name: 'Host', fromHost: true, text: 'welcome' },
      { t: 3, name: 'Tom', fromHost: false, text: 'hi' },
      { t: 4, name: 'Mei', fromHost: false, text: 'again' },
    ],
  };
}

describe('offline replay page', () => {
  it('keeps any chat text inside its data, returned unchanged', () => {
    const html = replayHtml(data());
    // Two script elements (data, player), each closed once: the text did not close either.
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<b>');
    expect(html).toContain('<title>A &lt;title&gt; &amp; more</title>');
    const json = /<script type="application\/json" id="replay-data">(.*?)<\/script>/s.exec(html);
    const parsed = JSON.parse(json![1]!) as ReplayData;
    expect(parsed.chat[0]!.text).toBe(HOSTILE);
    expect(parsed).toEqual(data());
  });

  it('forbids the network in its policy', () => {
    const html = replayHtml(data());
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("connect-src 'none'");
  });

  it('numbers viewers by their first line and keeps the host', () => {
    expect(anonymiseChat(data().chat).map((l) => l.name)).toEqual(['#1', 'Host', '#2', '#1']);
  });
});
