import type { RtcRequest, SingleServerFrame } from '../../shared/contract/audience-protocol';
import type { AudienceErrorCode } from '../../shared/contract/audience-protocol';

/**
 * What the audience server needs of WebRTC delivery (media/webrtc owns it): viewers' signalling
 * arrives on their audience socket and is handed over here; pushes come back through `onNotice`.
 * `viewerKey` is the viewer's public id within the session.
 */
export interface AudienceRtc {
  /** Whether pages should try WebRTC at all (mediasoup and its worker are there). */
  offered(): boolean;
  /** Answers one request with its reply frame; rejects with an `RtcRefusal` or any error. */
  request(sessionId: number, viewerKey: string, frame: RtcRequest): Promise<SingleServerFrame>;
  /** The viewer is gone for good (their presence grace ran out): free what they hold. */
  release(sessionId: number, viewerKey: string): void;
  /** The session's room closed (ended, or the workspace changed). */
  closeSession(sessionId: number): void;
  /** Pushes for one viewer (`viewerKey`) or the whole class (null). Returns an unsubscribe. */
  onNotice(
    listener: (sessionId: number, viewerKey: string | null, frame: SingleServerFrame) => void,
  ): () => void;
}

/** A refusal the page can act on (limit reached, WebRTC off, unknown transport). */
export class RtcRefusal extends Error {
  constructor(
    readonly code: AudienceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RtcRefusal';
  }
}
