/**
 * What the recorder fans the program stream out to (platform outputs today; anything else that
 * wants the same MediaRecorder bytes later). The recorder calls it from its own write path, so a
 * sink must never throw and never block: it copies what it needs and returns at once.
 *
 * Per program stream: `start(mime, canvas?)` once before the first chunk (MediaRecorder's
 * `mimeType`, e.g. `video/mp4;codecs=avc1.42C01F,opus`, and the canvas size when known),
 * `write(chunk)` for every chunk in the order the recorder appends them to its file, `stop()` once
 * when the recording ends or fails. A second `start` without `stop` begins a new stream.
 */
export interface ProgramStreamSink {
  start(mime: string, canvas?: { width: number; height: number }): void;
  write(chunk: Uint8Array): void;
  stop(): void;
}
