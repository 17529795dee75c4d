/**
 * A studio API call that carries bytes (a recording chunk) over the browser host's WebSocket, as
 * ONE binary frame instead of base64 inside JSON:
 *
 *   [u32 big-endian header length][header: UTF-8 JSON ClientFrame without the bytes][bytes]
 *
 * The host parses the header with the same `ClientFrame` schema as a text frame, then puts the
 * bytes in `input.bytes` before the router validates the input against the method's schema. The
 * answer is an ordinary text `result` frame. Over Electron IPC none of this is needed: the
 * structured clone carries a Uint8Array as is.
 */

/** Headers are small ({type, id, method, input: {recordingId, seq}}). */
export const BINARY_HEADER_MAX_BYTES = 4 * 1024;
const LENGTH_BYTES = 4;

/** The input field a binary frame's payload fills. */
export const BINARY_FIELD = 'bytes';

export function encodeBinaryInvoke(
  header: { type: 'invoke'; id: number; method: string; input: Record<string, unknown> },
  bytes: Uint8Array,
): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  if (json.byteLength > BINARY_HEADER_MAX_BYTES) throw new Error('binary frame header too large');
  const frame = new Uint8Array(LENGTH_BYTES + json.byteLength + bytes.byteLength);
  new DataView(frame.buffer).setUint32(0, json.byteLength);
  frame.set(json, LENGTH_BYTES);
  frame.set(bytes, LENGTH_BYTES + json.byteLength);
  return frame;
}

/** The header (still to be validated) and the payload, or a reason the frame is malformed. */
export function decodeBinaryInvoke(
  frame: Uint8Array,
): { ok: true; header: unknown; bytes: Uint8Array } | { ok: false; reason: string } {
  if (frame.byteLength < LENGTH_BYTES) return { ok: false, reason: 'binary frame too short' };
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const length = view.getUint32(0);
  if (length > BINARY_HEADER_MAX_BYTES || LENGTH_BYTES + length > frame.byteLength) {
    return { ok: false, reason: 'binary frame header length out of range' };
  }
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        frame.subarray(LENGTH_BYTES, LENGTH_BYTES + length),
      ),
    );
  } catch {
    return { ok: false, reason: 'binary frame header is not JSON' };
  }
  return { ok: true, header, bytes: frame.subarray(LENGTH_BYTES + length) };
}

/** Whether a call's input carries bytes that should travel as a binary frame. */
export function binaryPart(
  input: unknown,
): { rest: Record<string, unknown>; bytes: Uint8Array } | null {
  if (typeof input !== 'object' || input === null) return null;
  const record = input as Record<string, unknown>;
  const bytes = record[BINARY_FIELD];
  if (!(bytes instanceof Uint8Array)) return null;
  const rest = Object.fromEntries(Object.entries(record).filter(([key]) => key !== BINARY_FIELD));
  return { rest, bytes };
}
