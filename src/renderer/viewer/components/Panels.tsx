import { useState, type SubmitEvent } from 'react';
import { useTranslation } from '../i18n';
import { OfferLead } from './OfferLead';
import type {
  ChatMessagePublic,
  OfferPublic,
  PollRunPublic,
  QuestionPublic,
  Reaction,
} from '../../../shared/contract/audience-protocol';
import { REACTION_NAMES as REACTIONS } from '../../../shared/contract/audience-constants';
import type { ActionInput } from '../audience-client';
import { sortQuestions } from '../viewer-state';

type Send = (action: ActionInput) => void;

function Composer({
  placeholder,
  button,
  onSubmit,
  testId,
  disabled = false,
}: {
  placeholder: string;
  button: string;
  onSubmit: (text: string) => void;
  testId: string;
  disabled?: boolean;
}) {
  const [text, setText] = useState('');
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    onSubmit(trimmed);
    setText('');
  };
  return (
    <form className="composer" onSubmit={submit}>
      <input
        value={text}
        maxLength={500}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        disabled={disabled}
        data-testid={`${testId}-input`}
      />
      <button
        type="submit"
        className="primary"
        disabled={disabled || text.trim() === ''}
        data-testid={`${testId}-send`}
      >
        {button}
      </button>
    </form>
  );
}

export function ChatPanel({
  messages,
  open,
  send,
}: {
  messages: ChatMessagePublic[];
  open: boolean;
  send: Send;
}) {
  const { t } = useTranslation();
  return (
    <section className="panel chat" aria-label={t('tabs.chat')}>
      <ol className="messages" data-testid="chat-messages">
        {messages.length === 0 ? <li className="muted">{t('chat.empty')}</li> : null}
        {messages.map((m) => (
          <li key={m.id} className={m.fromHost ? 'host' : undefined}>
            <span className="who">{m.fromHost ? `${m.name} · ${t('chat.host')}` : m.name}</span>
            <span className="text">{m.text}</span>
          </li>
        ))}
      </ol>
      {open ? (
        <Composer
          placeholder={t('chat.placeholder')}
          button={t('chat.send')}
          testId="chat"
          onSubmit={(text) => send({ type: 'chat', text })}
        />
      ) : (
        <p className="muted">{t('chat.closed')}</p>
      )}
    </section>
  );
}

export function QuestionsPanel({ questions, send }: { questions: QuestionPublic[]; send: Send }) {
  const { t } = useTranslation();
  const sorted = sortQuestions(questions);
  return (
    <section className="panel questions" aria-label={t('tabs.questions')}>
      <Composer
        placeholder={t('questions.placeholder')}
        button={t('questions.ask')}
        testId="question"
        onSubmit={(text) => send({ type: 'ask', text })}
      />
      <ol className="question-list" data-testid="question-list">
        {sorted.length === 0 ? <li className="muted">{t('questions.empty')}</li> : null}
        {sorted.map((q) => (
          <li key={q.id} className={q.pinned ? 'pinned' : undefined}>
            <button
              type="button"
              className={q.upvotedByMe ? 'upvote done' : 'upvote'}
              aria-label={t('questions.upvote')}
              aria-pressed={q.upvotedByMe}
              disabled={q.upvotedByMe}
              onClick={() => send({ type: 'upvote', questionId: q.id })}
            >
              ▲ {q.upvotes}
            </button>
            <div>
              <div className="text">{q.text}</div>
              <div className="meta">
                {q.name}
                {q.pinned ? <span className="badge pin">{t('questions.pinned')}</span> : null}
                {q.status === 'answered' ? (
                  <span className="badge ok">{t('questions.answered')}</span>
                ) : null}
              </div>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function PollCard({ run, send }: { run: PollRunPublic; send: Send }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<number[]>([]);
  const voted = run.myChoices !== null;
  const showResults = run.counts !== null;
  const total = (run.counts ?? []).reduce((a, b) => a + b, 0);
  const toggle = (index: number): void => {
    if (run.multiple)
      setChoices((c) => (c.includes(index) ? c.filter((x) => x !== index) : [...c, index]));
    else setChoices([index]);
  };
  const mine = run.myChoices ?? choices;
  const correct = run.correct;
  const gotItRight =
    correct !== null &&
    run.myChoices !== null &&
    [...run.myChoices].sort().join() === [...correct].sort().join();
  return (
    <section className="card poll" data-testid="poll-card">
      <div className="eyebrow">{run.kind === 'quiz' ? t('poll.quiz') : t('poll.poll')}</div>
      <h2>{run.question}</h2>
      {run.multiple && !voted ? <p className="muted">{t('poll.chooseMany')}</p> : null}
      <ol className="options">
        {run.options.map((option, index) => {
          const count = run.counts?.[index] ?? 0;
          const share = total > 0 ? Math.round((count / total) * 100) : 0;
          const classes = [
            'option',
            mine.includes(index) ? 'chosen' : '',
            correct?.includes(index) ? 'correct' : '',
          ].join(' ');
          return (
            <li key={option}>
              <button
                type="button"
                className={classes}
                disabled={voted || run.state !== 'open'}
                aria-pressed={mine.includes(index)}
                onClick={() => toggle(index)}
              >
                <span>{option}</span>
                {showResults ? <span className="share">{share}%</span> : null}
                {showResults ? (
                  <span className="meter" style={{ width: `${String(share)}%` }} />
                ) : null}
              </button>
            </li>
          );
        })}
      </ol>
      {run.state === 'open' && !voted ? (
        <button
          type="button"
          className="primary"
          disabled={choices.length === 0}
          data-testid="poll-submit"
          onClick={() => send({ type: 'vote', runId: run.id, choices })}
        >
          {t('poll.vote')}
        </button>
      ) : null}
      {voted && run.state === 'open' ? <p className="muted">{t('poll.voted')}</p> : null}
      {run.state !== 'open' && correct === null ? (
        <p className="muted">{t('poll.closed')}</p>
      ) : null}
      {correct !== null && run.myChoices !== null ? (
        <p>{gotItRight ? t('poll.correct') : t('poll.wrong')}</p>
      ) : null}
      {run.myScore && run.myScore.answered > 0 ? (
        <p className="muted">{t('poll.score', run.myScore)}</p>
      ) : null}
      {showResults ? <p className="muted">{t('poll.votes', { count: total })}</p> : null}
    </section>
  );
}

function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${String(m)}:${String(s).padStart(2, '0')}`;
}

export function OfferCard({
  offer,
  now,
  send,
  locale,
}: {
  offer: OfferPublic;
  now: number;
  send: Send;
  locale: string;
}) {
  const { t } = useTranslation();
  const ended = offer.endsAt !== null && offer.endsAt <= now;
  const soldOut = offer.stockLeft === 0;
  const digits =
    new Intl.NumberFormat(locale, { style: 'currency', currency: offer.currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const money = (minor: number): string =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: offer.currency }).format(
      minor / 10 ** digits,
    );
  const buy = (): void => {
    send({ type: 'offerClick', offerId: offer.id });
    if (offer.checkoutUrl) window.open(offer.checkoutUrl, '_blank', 'noopener,noreferrer');
  };
  return (
    <section className="card offer" data-testid="offer-card">
      <OfferLead offer={offer} locale={locale} />
      <h2>{offer.title}</h2>
      <div className="price">
        <strong>{money(offer.priceMinor)}</strong>
        {offer.listPriceMinor !== null && offer.listPriceMinor > offer.priceMinor ? (
          <s>{money(offer.listPriceMinor)}</s>
        ) : null}
      </div>
      {offer.couponCode ? (
        <p>
          {t('offer.coupon')}: <code>{offer.couponCode}</code>
        </p>
      ) : null}
      <p className="muted">
        {offer.endsAt !== null && !ended
          ? t('offer.endsIn', { time: formatRemaining(offer.endsAt - now) })
          : null}
        {offer.stockLeft !== null ? ` ${t('offer.left', { count: offer.stockLeft })}` : null}
      </p>
      <button
        type="button"
        className="primary buy"
        disabled={ended || soldOut}
        onClick={buy}
        data-testid="offer-buy"
      >
        {ended || soldOut ? t('offer.ended') : t('offer.buy')}
      </button>
    </section>
  );
}

const REACTION_EMOJI: Record<Reaction, string> = {
  like: '👍',
  heart: '❤️',
  clap: '👏',
  laugh: '😂',
  wow: '😮',
};

export function ReactionBar({ totals, send }: { totals: Record<Reaction, number>; send: Send }) {
  const { t } = useTranslation();
  return (
    <div className="reactions" role="group" aria-label="reactions">
      {REACTIONS.map((reaction) => (
        <button
          key={reaction}
          type="button"
          aria-label={t(`reactions.${reaction}`)}
          onClick={() => send({ type: 'react', reaction })}
          data-testid={`react-${reaction}`}
        >
          <span aria-hidden="true">{REACTION_EMOJI[reaction]}</span>
          <small>{totals[reaction]}</small>
        </button>
      ))}
    </div>
  );
}
