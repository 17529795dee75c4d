import { describe, expect, it } from 'vitest';
import {
  BINARY_HEADER_MAX_BYTES,
  binaryPart,
  decodeBinaryInvoke,
  encodeBinaryInvoke,
} from '../../src/shared/contract/binary-wire';

// The browser host's binary frame is a trust boundary: a hostile page (or a bug) can send any
// bytes. Decoding must give the header and payload back exactly, or a reason, never throw.

const header = {
  type: 'invoke' as const,
  id: 7,
  method: 'recording.append',
  input: { recordingId: 3, seq: 12 },
};

describe('binary studio API frames', () => {
  it('round-trip the header and the payload byte for byte', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 0, 42]);
    const decoded = decodeBinaryInvoke(encodeBinaryInvoke(header, bytes));
    expect(decoded).toMatchObject({ ok: true, header });
    if (decoded.ok) expect([...decoded.bytes]).toEqual([...bytes]);
  });

  it('decode a frame that sits inside a larger buffer (as ws hands them out)', () => {
    const frame = encodeBinaryInvoke(header, new Uint8Array([9, 8, 7]));
    const padded = new Uint8Array(frame.byteLength + 10);
    padded.set(frame, 5);
    const decoded = decodeBinaryInvoke(padded.subarray(5, 5 + frame.byteLength));
    expect(decoded.ok && [...decoded.bytes]).toEqual([9, 8, 7]);
  });

  it('refuse short, lying, oversized and non-JSON headers with a reason', () => {
    const cases: Uint8Array[] = [
      new Uint8Array([0, 0]),
      Uint8Array.from([0, 0, 0, 200, 123]),
      Uint8Array.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]),
      Uint8Array.from([0, 0, 0, 3, 0xff, 0xfe, 0xfd]),
      Uint8Array.from([0, 0, 0, 3, 0x6e, 0x6f, 0x21]),
    ];
    for (const frame of cases) {
      const decoded = decodeBinaryInvoke(frame);
      expect(decoded.ok, String([...frame])).toBe(false);
      if (!decoded.ok) expect(decoded.reason).toMatch(/binary frame/);
    }
  });

  it('will not encode a header above the cap', () => {
    const big = { ...header, input: { pad: 'x'.repeat(BINARY_HEADER_MAX_BYTES) } };
    expect(() => encodeBinaryInvoke(big, new Uint8Array(1))).toThrow(/too large/);
  });

  it('find the bytes in a call input, and nothing in one without them', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(binaryPart({ recordingId: 1, seq: 0, bytes })).toEqual({
      rest: { recordingId: 1, seq: 0 },
      bytes,
    });
    expect(binaryPart({ recordingId: 1 })).toBeNull();
    expect(binaryPart(null)).toBeNull();
    expect(binaryPart('bytes')).toBeNull();
  });
});
