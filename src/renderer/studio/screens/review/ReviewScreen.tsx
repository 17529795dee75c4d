import { useState } from 'react';
import type { SessionId } from '../../../../shared/model/ids';
import { RecordingList } from './RecordingList';
import { ReviewPlayerView } from './ReviewPlayerView';
import './review.css';

/** Review: the classes with their recordings, then one class played back with its timeline. */
export function ReviewScreen({ workspaceKey }: { workspaceKey: string }) {
  const [open, setOpen] = useState<SessionId | null>(null);
  return open === null ? (
    <RecordingList workspaceKey={workspaceKey} onOpen={setOpen} />
  ) : (
    <ReviewPlayerView key={open} sessionId={open} onBack={() => setOpen(null)} />
  );
}
