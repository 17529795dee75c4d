import type { broadcastMethods } from '../../shared/contract/broadcast-api';
import type { httpFeedMethods } from '../../shared/contract/http-feed-api';
import type { AudienceServer } from '../audience/audience-server';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { Logger } from '../kernel/logger';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { getSession } from '../storage/queries/live/sessions';
import { StudioError } from '../../shared/contract';
import { StreamRelay } from './http-stream/stream-relay';
import type { DiskPolicy, FreeSpaceProbe } from './recording/disk-space';
import { ffmpegAvailable } from './recording/finalise';
import type { ProgramStreamSink } from './outputs/program-stream-sink';
import { RecordingService } from './recording/recording-service';

type BroadcastMethod = keyof typeof broadcastMethods | keyof typeof httpFeedMethods;
export type BroadcastHandlerMap = { [M in BroadcastMethod]: Handler<M> };

export interface BroadcastDeps {
  db: () => Db;
  workspaceDir: () => string;
  audience: () => AudienceServer;
  clock: Clock;
  emit: EventBus['emit'];
  logger: Logger;
  /** Platform outputs and anything else fed the same program stream as the recording. */
  programSinks?: readonly ProgramStreamSink[];
  /** For tests: a fake free-space probe and disk thresholds. */
  freeSpace?: FreeSpaceProbe;
  disk?: Partial<DiskPolicy>;
}

/**
 * The studio API's broadcast methods. Creating them also plugs the HTTP stream path
 * (`/stream/<code>`) into the audience server.
 */
export function createBroadcastHandlers(deps: BroadcastDeps): BroadcastHandlerMap {
  const relay = StreamRelay.create({ db: deps.db, logger: deps.logger });
  deps.audience().addUpgradeRoute(relay);
  const recordings = RecordingService.create({
    db: deps.db,
    workspaceDir: deps.workspaceDir,
    clock: deps.clock,
    emit: deps.emit,
    logger: deps.logger,
    relay,
    ...(deps.programSinks ? { sinks: deps.programSinks } : {}),
    ...(deps.freeSpace ? { freeSpace: deps.freeSpace } : {}),
    ...(deps.disk ? { disk: deps.disk } : {}),
  });
  return {
    'recording.start': ({ sessionId, mimeType, canvas }) =>
      recordings.start(sessionId, mimeType, canvas),
    'recording.append': ({ recordingId, seq, bytes }) => recordings.append(recordingId, seq, bytes),
    'recording.stop': ({ recordingId }) => recordings.stop(recordingId),
    'recording.get': ({ recordingId }) => recordings.get(recordingId),
    'recording.list': ({ sessionId }) => recordings.list(sessionId),
    'httpFeed.start': ({ sessionId }) => {
      const fanout = relay.fanout(sessionId);
      if (recordings.activeOf(sessionId) === null)
        throw new StudioError('CONFLICT', 'the class is not being broadcast');
      fanout.feedBegin();
      return { sessionId, viewers: fanout.feedViewers };
    },
    'httpFeed.append': ({ sessionId, seq, bytes }) => ({
      seq,
      ...relay.fanout(sessionId).feedPush(seq, bytes),
    }),
    'httpFeed.stop': ({ sessionId }) => {
      relay.fanout(sessionId).feedEnd();
      return { sessionId };
    },
    'broadcast.status': async ({ sessionId }) => {
      if (!getSession(deps.db(), sessionId)) {
        throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
      }
      const list = recordings.list(sessionId);
      const activeId = recordings.activeOf(sessionId);
      const recording =
        (activeId === null
          ? list.filter((r) => r.canvas === 'landscape').at(-1)
          : list.find((r) => r.id === activeId)) ?? null;
      return {
        sessionId,
        recording,
        disk: await recordings.disk(),
        ffmpeg: await ffmpegAvailable(),
        httpViewers: relay.viewers(sessionId),
      };
    },
  };
}
