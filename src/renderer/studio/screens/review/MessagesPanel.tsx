import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatLine, QuestionLine } from '../../../../shared/contract/review-api';
import { formatTimecode, lastAtOrBefore } from './review-time';

/**
 * Chat and questions beside the video, scrolled to what had been said by the playing second;
 * what is still to come is dimmed. Clicking a line seeks to it.
 */
export function MessagesPanel({
  chat,
  questions,
  time,
  onSeek,
}: {
  chat: readonly ChatLine[];
  questions: readonly QuestionLine[];
  time: number;
  onSeek: (t: number) => void;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'chat' | 'questions'>('chat');
  const listRef = useRef<HTMLOListElement | null>(null);
  const lines = tab === 'chat' ? chat : questions;
  const current = lastAtOrBefore(lines, time);

  useEffect(() => {
    const list = listRef.current;
    const item = list?.children[Math.max(0, current)];
    if (!list || !(item instanceof HTMLElement)) return;
    // Scroll the list only (never the page): keep the current line near the bottom.
    const target = item.offsetTop - list.clientHeight + item.offsetHeight * 2;
    list.scrollTop = Math.max(0, target);
  }, [current, tab]);

  return (
    <aside className="review-messages" data-testid="review-messages">
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'chat'}
          className={tab === 'chat' ? 'tab active' : 'tab'}
          onClick={() => setTab('chat')}
          data-testid="review-tab-chat"
        >
          {t('review.tabs.chat', { count: chat.length })}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'questions'}
          className={tab === 'questions' ? 'tab active' : 'tab'}
          onClick={() => setTab('questions')}
          data-testid="review-tab-questions"
        >
          {t('review.tabs.questions', { count: questions.length })}
        </button>
      </div>
      {lines.length === 0 ? (
        <p className="muted">{tab === 'chat' ? t('review.noChat') : t('review.noQuestions')}</p>
      ) : null}
      <ol className="review-lines" ref={listRef}>
        {tab === 'chat'
          ? chat.map((line, index) => (
              <li key={line.id} className={index > current ? 'later' : ''}>
                <button
                  type="button"
                  onClick={() => onSeek(line.t)}
                  data-testid={`review-chat-${String(line.id)}`}
                  data-t={line.t}
                >
                  <span className="review-at">{formatTimecode(line.t)}</span>
                  <strong>
                    {line.fromHost ? t('review.host') : line.name || t('review.viewer')}
                  </strong>{' '}
                  {line.text}
                </button>
              </li>
            ))
          : questions.map((line, index) => (
              <li key={line.id} className={index > current ? 'later' : ''}>
                <button
                  type="button"
                  onClick={() => onSeek(line.t)}
                  data-testid={`review-question-${String(line.id)}`}
                >
                  <span className="review-at">{formatTimecode(line.t)}</span>
                  <strong>{line.name || t('review.viewer')}</strong> {line.text}
                  {line.upvotes > 0 ? <span className="tag">▲ {line.upvotes}</span> : null}
                </button>
              </li>
            ))}
      </ol>
    </aside>
  );
}
