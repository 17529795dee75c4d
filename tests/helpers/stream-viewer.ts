import WebSocket from 'ws';
import { StreamControlFrame } from '../../src/shared/contract/stream-protocol';

/** A viewer of the HTTP stream path (`/stream/<code>`): its control frames and media, in order. */
export interface StreamViewer {
  control: StreamControlFrame[];
  media: Buffer[];
  close(): void;
}

export function watchStream(url: string): Promise<StreamViewer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const viewer: StreamViewer = { control: [], media: [], close: () => ws.close() };
    ws.on('message', (data, isBinary) => {
      const buffer = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      if (isBinary) viewer.media.push(buffer);
      else viewer.control.push(StreamControlFrame.parse(JSON.parse(buffer.toString('utf8'))));
    });
    ws.once('open', () => resolve(viewer));
    ws.once('error', reject);
  });
}
