import { useState } from 'react';
import type { SessionId } from '../../../../shared/model/ids';
import { RecordingList } from './RecordingList';
import { ReviewPlayerView } from './ReviewPlayerView';
import './review.css';

/**
 * Review: the classes with their recordings, then one class played back with its timeline.
 * `request` opens one class at an epoch-ms moment ("watch this moment" in its report).
 */
export function ReviewScreen({
  workspaceKey,
  request = null,
}: {
  workspaceKey: string;
  request?: { sessionId: SessionId; at: number } | null;
}) {
  const [open, setOpen] = useState<{ sessionId: SessionId; at: number | null } | null>(
    request === null ? null : { sessionId: request.sessionId, at: request.at },
  );
  return open === null ? (
    <RecordingList
      workspaceKey={workspaceKey}
      onOpen={(id) => setOpen({ sessionId: id, at: null })}
    />
  ) : (
    <ReviewPlayerView
      key={open.sessionId}
      sessionId={open.sessionId}
      startAt={open.at}
      onBack={() => setOpen(null)}
    />
  );
}
