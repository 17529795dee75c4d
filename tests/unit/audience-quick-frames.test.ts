import { describe, expect, it } from 'vitest';
import { REACTIONS, ViewerFrame } from '../../src/shared/contract/audience-protocol';
import { quickReact } from '../../src/main/audience/hub/quick-frames';

// The hub's reaction frames skip zod: the quick check must accept nothing the schema refuses and
// give what the schema gives, for every frame text a viewer could send.

const id = (n: number): string => 'a'.repeat(n);
const TEXTS = [
  ...REACTIONS.map((reaction) => JSON.stringify({ type: 'react', id: 'react-001', reaction })),
  `{"id":"react-002","reaction":"clap","type":"react"}`,
  JSON.stringify({ type: 'react', id: id(8), reaction: 'wow' }),
  JSON.stringify({ type: 'react', id: id(64), reaction: 'wow' }),
  JSON.stringify({ type: 'react', id: 'A-z_09-xY', reaction: 'like' }),
  // Refused by the schema: the quick check must leave every one of these to it.
  JSON.stringify({ type: 'react', id: id(7), reaction: 'wow' }),
  JSON.stringify({ type: 'react', id: id(65), reaction: 'wow' }),
  JSON.stringify({ type: 'react', id: 'react.001', reaction: 'wow' }),
  JSON.stringify({ type: 'react', id: 'react-001\n', reaction: 'wow' }),
  JSON.stringify({ type: 'react', id: 12345678, reaction: 'wow' }),
  JSON.stringify({ type: 'react', id: 'react-001', reaction: 'boo' }),
  JSON.stringify({ type: 'react', id: 'react-001', reaction: 'toString' }),
  JSON.stringify({ type: 'react', id: 'react-001', reaction: null }),
  JSON.stringify({ type: 'react', id: 'react-001' }),
  JSON.stringify({ type: 'react', reaction: 'wow' }),
  JSON.stringify({ type: 'react', id: 'react-001', reaction: 'wow', extra: 1 }),
  JSON.stringify({ type: 'react', id: 'react-001', extra: 'wow' }),
  `{"type":"react","id":"react-001","__proto__":{"reaction":"wow"}}`,
  `{"type":"react","id":"react-001","reaction":"wow","__proto__":null}`,
  JSON.stringify({ type: 'React', id: 'react-001', reaction: 'wow' }),
  JSON.stringify({ type: 'chat', id: 'react-001', text: 'hi' }),
  JSON.stringify([{ type: 'react', id: 'react-001', reaction: 'wow' }]),
  'null',
  '"react"',
  '42',
];

describe('quickReact', () => {
  it('accepts only what the schema accepts, as the schema returns it', () => {
    let quick = 0;
    for (const text of TEXTS) {
      const raw: unknown = JSON.parse(text);
      const parsed = ViewerFrame.safeParse(raw);
      const fast = quickReact(raw);
      if (fast !== null) {
        quick += 1;
        expect(parsed.success, text).toBe(true);
        expect(fast, text).toStrictEqual(parsed.data);
      } else {
        // Left to the schema: only what it refuses, or frames that are not reactions.
        const isReact = parsed.success && parsed.data.type === 'react';
        expect(isReact, text).toBe(false);
      }
    }
    // Every valid reaction above takes the quick path.
    expect(quick).toBe(REACTIONS.length + 4);
  });
});
