import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Chapter, Note, ReviewTimeline } from '../../../../shared/contract/review-api';
import type { SessionId } from '../../../../shared/model/ids';
import { formatDateTime } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { ChaptersEditor } from './ChaptersEditor';
import { ExportPanel } from './ExportPanel';
import { MessagesPanel } from './MessagesPanel';
import { MomentsList } from './MomentsList';
import { NotesPanel } from './NotesPanel';
import { LanReplaySwitch } from './LanReplaySwitch';
import { ReplayExportPanel } from './ReplayExportPanel';
import { TimelineView } from './TimelineView';
import { SKIP_S, formatTimecode } from './review-time';
import { useReviewPlayer } from './use-review-player';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** One class: its recording (parts as one timeline), the timeline under it, chat, moments. */
export function ReviewPlayerView({
  sessionId,
  startAt = null,
  onBack,
}: {
  sessionId: SessionId;
  /** Epoch ms to open at ("watch this moment"); null: the start. */
  startAt?: number | null;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const timeline = useQuery<ReviewTimeline>(`review-timeline:${String(sessionId)}`, () =>
    client.invoke('review.timeline', { sessionId }),
  );
  if (!timeline.data) {
    return (
      <section className="screen review">
        <button type="button" onClick={onBack} data-testid="review-back">
          {t('review.back')}
        </button>
        {timeline.status === 'error' ? (
          <div className="error">{timeline.message}</div>
        ) : (
          <p className="muted">{t('review.loading')}</p>
        )}
      </section>
    );
  }
  const startT = startAt === null ? 0 : (startAt - timeline.data.originAt) / 1_000;
  return <Player data={timeline.data} startT={startT} onBack={onBack} />;
}

function Player({
  data,
  startT,
  onBack,
}: {
  data: ReviewTimeline;
  startT: number;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const cls = data.class;
  const {
    attach,
    time,
    partIndex,
    seek,
    toggle,
    step,
    onTimeUpdate,
    onEnded,
    onLoadedMetadata,
    onPlay,
    onPause,
  } = useReviewPlayer(cls.parts, cls.durationS, startT);
  const [chapters, setChapters] = useState<{ items: Chapter[]; saved: boolean }>({
    items: data.chapters,
    saved: data.chaptersSaved,
  });
  const [notes, setNotes] = useState<Note[]>(data.notes);
  const timeRef = useRef(0);
  useEffect(() => {
    timeRef.current = time;
  }, [time]);
  const [chaptersVersion, setChaptersVersion] = useState(0);

  const jumpMoment = useCallback(
    (direction: 1 | -1) => {
      const now = timeRef.current;
      const times = data.moments.map((m) => m.t).sort((a, b) => a - b);
      const target =
        direction > 0
          ? times.find((x) => x > now + 0.5)
          : times.reverse().find((x) => x < now - 0.5);
      if (target !== undefined) seek(target);
    },
    [data.moments, seek],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || typing(event.target) || event.ctrlKey || event.metaKey) return;
      // Buttons keep Space for themselves; everything else in the screen plays and pauses.
      if (event.key === ' ' && event.target instanceof HTMLButtonElement) return;
      const actions: Record<string, () => void> = {
        ' ': toggle,
        ArrowLeft: () => seek(timeRef.current - SKIP_S),
        ArrowRight: () => seek(timeRef.current + SKIP_S),
        ',': () => step(-1),
        '.': () => step(1),
        '[': () => jumpMoment(-1),
        ']': () => jumpMoment(1),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle, seek, step, jumpMoment]);

  const part = cls.parts[partIndex];
  const inGap = data.gaps.some((g) => time >= g.fromS && time < g.toS);
  return (
    <section className="screen review" data-testid="review-player">
      <div className="review-head">
        <button type="button" onClick={onBack} data-testid="review-back">
          {t('review.back')}
        </button>
        <div>
          <h1>{cls.title}</h1>
          <p className="muted">
            {[cls.courseTitle, formatDateTime(cls.startedAt, i18n.language)]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
      </div>
      <div className="review-stage">
        <div className="review-video">
          {part ? (
            <video
              ref={attach}
              src={part.url}
              controls
              preload="auto"
              data-testid="review-video"
              data-part={part.index}
              onTimeUpdate={onTimeUpdate}
              onSeeked={onTimeUpdate}
              onLoadedMetadata={onLoadedMetadata}
              onEnded={onEnded}
              onPlay={onPlay}
              onPause={onPause}
            />
          ) : (
            <div className="review-novideo">{t('review.noVideo')}</div>
          )}
          <div className="review-status">
            <span className="review-clock" data-testid="review-time" data-seconds={time}>
              {formatTimecode(time)} / {formatTimecode(cls.durationS)}
            </span>
            {cls.parts.length > 1 && part ? (
              <span className="tag">
                {t('review.part', { n: part.index + 1, count: cls.parts.length })}
              </span>
            ) : null}
            {inGap ? <span className="tag warn">{t('review.inGap')}</span> : null}
          </div>
          <p className="muted small">{t('review.keys')}</p>
        </div>
        <MessagesPanel chat={data.chat} questions={data.questions} time={time} onSeek={seek} />
      </div>
      <TimelineView data={data} chapters={chapters.items} notes={notes} time={time} onSeek={seek} />
      <div className="review-columns">
        <MomentsList moments={data.moments} time={time} onSeek={seek} />
        <ChaptersEditor
          key={`${String(chaptersVersion)}-${i18n.language}`}
          sessionId={cls.sessionId}
          chapters={chapters.items}
          saved={chapters.saved}
          time={time}
          durationS={cls.durationS}
          onSeek={seek}
          onChange={(items, saved) => {
            setChapters({ items, saved });
            setChaptersVersion((v) => v + 1);
          }}
        />
        <NotesPanel
          sessionId={cls.sessionId}
          notes={notes}
          time={time}
          onSeek={seek}
          onChange={setNotes}
        />
      </div>
      <ExportPanel sessionId={cls.sessionId} time={time} recorded={cls.parts.length > 0} />
      {cls.parts.length > 0 ? <ReplayExportPanel sessionId={cls.sessionId} /> : null}
      {cls.parts.length > 0 ? <LanReplaySwitch sessionId={cls.sessionId} /> : null}
    </section>
  );
}
