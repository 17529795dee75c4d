import { useEffect, useRef, useState } from 'react';
import { deviceToken } from '../audience-client';
import { rememberViewerLanguage, useTranslation } from '../i18n';
import { nextSeq, WatchTracker, type ReplayData } from './replay-data';
import { ReplaySurvey } from './ReplaySurvey';
import './replay.css';

// The replay of an ended class on its join link (loaded only then: a lazy chunk, so that the
// live page stays light). Plays the recording's parts on one timeline with the chapters and the
// class's chat in sync, and reports what the learner played (POST …/replay/watch); at the end it
// offers the class's satisfaction survey.

const SEQ_KEY = 'encore.replay.seq';

function clock(s: number): string {
  const whole = Math.max(0, Math.floor(s));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${sec}` : `${String(m)}:${sec}`;
}

export default function ReplayApp({ code, data }: { code: string; data: ReplayData }) {
  const { t, i18n } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const chatEnd = useRef<HTMLLIElement>(null);
  const [part, setPart] = useState(0);
  const [now, setNow] = useState(0);
  const pendingSeek = useRef<number | null>(null);
  const tracker = useRef(new WatchTracker(data.durationS));
  const reportNow = useRef<() => void>(() => undefined);
  const [ended, setEnded] = useState(false);
  const current = data.parts[part] ?? data.parts[0];
  const offset = current?.offsetS ?? 0;

  // Reports every heartbeatMs, and once more when the page goes away.
  useEffect(() => {
    const report = (beacon: boolean): void => {
      const spans = tracker.current.take();
      if (spans.length === 0) return;
      const seq = nextSeq(Number(localStorage.getItem(SEQ_KEY) ?? '0') || 0);
      localStorage.setItem(SEQ_KEY, String(seq));
      const body = JSON.stringify({ deviceToken: deviceToken(), seq, spans });
      const url = `/j/${code}/replay/watch`;
      if (beacon && navigator.sendBeacon(url, body)) return;
      fetch(url, { method: 'POST', body, keepalive: true }).then(
        (res) => {
          // Refused as too frequent: sent again with the next report.
          if (res.status === 429) tracker.current.putBack(spans);
        },
        () => tracker.current.putBack(spans),
      );
    };
    reportNow.current = () => report(false);
    const timer = setInterval(() => report(false), data.heartbeatMs);
    const leave = (): void => report(true);
    addEventListener('pagehide', leave);
    return () => {
      clearInterval(timer);
      removeEventListener('pagehide', leave);
    };
  }, [code, data.heartbeatMs]);

  // In braces: newer browsers return a promise from scrollIntoView, which React would take for
  // the effect's cleanup.
  useEffect(() => {
    chatEnd.current?.scrollIntoView({ block: 'nearest' });
  }, [now]);

  const seek = (target: number): void => {
    tracker.current.break();
    const index = Math.max(
      0,
      data.parts.findLastIndex((p) => p.offsetS <= target),
    );
    const p = data.parts[index];
    if (!p) return;
    const local = Math.min(Math.max(0, target - p.offsetS), p.durationS);
    if (index !== part) {
      pendingSeek.current = local;
      setPart(index);
    } else if (video.current) {
      video.current.currentTime = local;
    }
    setNow(target);
  };

  const chapterName = (c: ReplayData['chapters'][number]): string =>
    c.source === 'start' && c.title === '' ? t('replay.start') : c.title || clock(c.t);
  const activeChapter = data.chapters.findLastIndex((c) => c.t <= now);
  const lines = data.chat.filter((l) => l.t <= now);
  const language = i18n.language;

  return (
    <div className="viewer replay">
      <header className="bar">
        <div className="title">
          <strong>{data.title}</strong>
          <span className="muted">
            {t('replay.title')}
            {data.courseTitle ? ` · ${data.courseTitle}` : ''}
          </span>
        </div>
        <select
          aria-label={t('language')}
          value={language}
          onChange={(e) => {
            const next = e.target.value === 'en' ? 'en' : 'zh-CN';
            rememberViewerLanguage(next);
            void i18n.changeLanguage(next);
          }}
        >
          <option value="zh-CN">中文</option>
          <option value="en">EN</option>
        </select>
      </header>
      <div className="replay-video">
        <video
          ref={video}
          data-testid="replay-video"
          controls
          playsInline
          preload="metadata"
          src={`/j/${code}/replay/media/${String(current?.index ?? 0)}`}
          onLoadedMetadata={(e) => {
            if (pendingSeek.current !== null) {
              e.currentTarget.currentTime = pendingSeek.current;
              pendingSeek.current = null;
              void e.currentTarget.play().catch(() => undefined);
            }
          }}
          onTimeUpdate={(e) => {
            const at = offset + e.currentTarget.currentTime;
            if (!e.currentTarget.paused) tracker.current.played(at);
            setNow(at);
          }}
          onPause={() => tracker.current.break()}
          onSeeking={() => tracker.current.break()}
          onEnded={() => {
            tracker.current.break();
            if (part + 1 < data.parts.length) {
              pendingSeek.current = 0;
              setPart(part + 1);
            } else {
              // The end: what was played is reported now, so that the survey's answer is taken.
              reportNow.current();
              setEnded(true);
            }
          }}
        />
        <div className="replay-clock" data-testid="replay-clock" data-seconds={now.toFixed(1)}>
          {clock(now)} / {clock(data.durationS)}
          {data.parts.length > 1 ? ` · ${t('replay.part', { n: part + 1 })}` : ''}
        </div>
      </div>
      {ended && data.surveyId !== null ? (
        <ReplaySurvey code={code} surveyId={data.surveyId} />
      ) : null}
      <section className="card replay-chapters" aria-label={t('replay.chapters')}>
        <h2>{t('replay.chapters')}</h2>
        <ol>
          {data.chapters.map((c, i) => (
            <li key={`${String(c.t)}-${String(i)}`}>
              <button
                type="button"
                className={i === activeChapter ? 'active' : undefined}
                aria-current={i === activeChapter ? 'true' : undefined}
                onClick={() => seek(Math.max(0, c.t))}
              >
                <span className="replay-t">{clock(c.t)}</span> {chapterName(c)}
              </button>
            </li>
          ))}
        </ol>
      </section>
      <section className="card replay-chat" aria-label={t('replay.chat')}>
        <h2>{t('replay.chat')}</h2>
        {data.chat.length === 0 ? <p className="muted">{t('replay.noChat')}</p> : null}
        <ul data-testid="replay-chat">
          {lines.map((l, i) => (
            <li key={`${String(l.t)}-${String(i)}`} className={l.fromHost ? 'host' : undefined}>
              <button type="button" className="replay-t" onClick={() => seek(Math.max(0, l.t))}>
                {clock(l.t)}
              </button>{' '}
              <strong>{l.fromHost ? l.name || t('replay.host') : l.name}</strong> {l.text}
            </li>
          ))}
          <li ref={chatEnd} aria-hidden="true" />
        </ul>
      </section>
    </div>
  );
}
