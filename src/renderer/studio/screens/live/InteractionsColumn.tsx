import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState, PollDefinition } from '../../../../shared/contract/live-api';
import type { CourseSummary } from '../../../../shared/model/domain';
import { formatMoney, formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useEventVersion } from '../../api/use-event-version';
import { useQuery } from '../../api/use-query';
import type { Act } from './LivePanel';
import { LotteryCard } from './LotteryCard';

type Props = { state: LiveState; act: Act; now: number };

export function InteractionsColumn(props: Props) {
  return (
    <div className="column interactions">
      <PollsCard {...props} />
      <OffersCard {...props} />
      <LotteryCard {...props} />
      <CheckinCard {...props} />
      <AnnouncementCard {...props} />
    </div>
  );
}

function PollsCard({ state, act }: Props) {
  const { t } = useTranslation();
  const client = useStudio();
  const sessionId = state.session.id;
  const courseId = state.session.courseId;
  const [version, setVersion] = useState(0);
  const library = useQuery<PollDefinition[]>(`polls:${String(courseId)}:${String(version)}`, () =>
    client.invoke('poll.list', courseId === null ? {} : { courseId }),
  );
  const [kind, setKind] = useState<'poll' | 'quiz'>('poll');
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [correct, setCorrect] = useState('1');
  const [multiple, setMultiple] = useState(false);
  const create = (event: SubmitEvent): void => {
    event.preventDefault();
    const list = options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    const correctIndexes = correct
      .split(/[ ,，]+/)
      .map((n) => Number(n) - 1)
      .filter((n) => Number.isInteger(n) && n >= 0);
    act(async () => {
      const poll = await client.invoke('poll.create', {
        ...(courseId !== null ? { courseId } : {}),
        kind,
        question: question.trim(),
        options: list,
        multiple,
        ...(kind === 'quiz' ? { correct: correctIndexes } : {}),
      });
      await client.invoke('poll.open', { sessionId, pollId: poll.id });
      setQuestion('');
      setOptions('');
      setVersion((v) => v + 1);
    });
  };
  const runs = [...state.polls].sort((a, b) => b.openedAt - a.openedAt);
  return (
    <section className="card" aria-label={t('live.polls')}>
      <h2>{t('live.polls')}</h2>
      {runs.slice(0, 3).map((run) => {
        const total = run.counts.reduce((a, b) => a + b, 0);
        return (
          <div key={run.runId} className="poll-run" data-testid="poll-run">
            <div className="strong">
              {run.kind === 'quiz' ? t('live.quiz') : t('live.poll')}: {run.question}
            </div>
            <ol className="bars">
              {run.options.map((option, i) => {
                const count = run.counts[i] ?? 0;
                const share = total > 0 ? (count / total) * 100 : 0;
                return (
                  <li key={option} className={run.correct?.includes(i) ? 'correct' : undefined}>
                    <span className="label">{option}</span>
                    <span className="bar" style={{ width: `${share.toFixed(0)}%` }} />
                    <span className="num">{count}</span>
                  </li>
                );
              })}
            </ol>
            <div className="row-actions">
              <span className="muted">
                {t('live.voters', { count: run.voters })} · {t(`live.run.${run.state}`)}
              </span>
              {run.state === 'open' ? (
                <button
                  type="button"
                  onClick={() =>
                    act(() => client.invoke('poll.close', { sessionId, runId: run.runId }))
                  }
                  data-testid="poll-close"
                >
                  {t('live.close')}
                </button>
              ) : null}
              {run.state === 'closed' && run.kind === 'quiz' ? (
                <button
                  type="button"
                  onClick={() =>
                    act(() => client.invoke('poll.reveal', { sessionId, runId: run.runId }))
                  }
                  data-testid="poll-reveal"
                >
                  {t('live.reveal')}
                </button>
              ) : null}
              {run.state !== 'open' ? (
                <button
                  type="button"
                  onClick={() =>
                    act(() => client.invoke('poll.open', { sessionId, pollId: run.pollId }))
                  }
                >
                  {t('live.reopen')}
                </button>
              ) : null}
            </div>
          </div>
        );
      })}
      <details>
        <summary>{t('live.newPoll')}</summary>
        <form className="form" onSubmit={create}>
          <div className="row">
            <label className="toggle">
              <input type="radio" checked={kind === 'poll'} onChange={() => setKind('poll')} />{' '}
              {t('live.poll')}
            </label>
            <label className="toggle">
              <input
                type="radio"
                checked={kind === 'quiz'}
                onChange={() => setKind('quiz')}
                data-testid="poll-kind-quiz"
              />{' '}
              {t('live.quiz')}
            </label>
            <label className="toggle">
              <input
                type="checkbox"
                checked={multiple}
                onChange={(e) => setMultiple(e.target.checked)}
              />{' '}
              {t('live.multiple')}
            </label>
          </div>
          <input
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            placeholder={t('live.pollQuestion')}
            required
            data-testid="poll-question"
          />
          <textarea
            value={options}
            onChange={(e) => setOptions(e.target.value)}
            placeholder={t('live.pollOptions')}
            rows={4}
            required
            data-testid="poll-options"
          />
          {kind === 'quiz' ? (
            <label>
              {t('live.correctOptions')}
              <input
                value={correct}
                onChange={(e) => setCorrect(e.target.value)}
                data-testid="poll-correct"
              />
            </label>
          ) : null}
          <button type="submit" className="primary" data-testid="poll-create">
            {t('live.createAndOpen')}
          </button>
        </form>
      </details>
      {(library.data ?? []).length > 0 ? (
        <details>
          <summary>{t('live.pollLibrary', { count: library.data?.length ?? 0 })}</summary>
          <ul className="plain-list">
            {(library.data ?? []).map((p) => (
              <li key={p.id}>
                <span>
                  {p.kind === 'quiz' ? t('live.quiz') : t('live.poll')}: {p.question}
                </span>
                <button
                  type="button"
                  onClick={() => act(() => client.invoke('poll.open', { sessionId, pollId: p.id }))}
                >
                  {t('live.open')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function OffersCard({ state, act, now }: Props) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const sessionId = state.session.id;
  // The catalogue as it is now: a course archived or added elsewhere shows here at once.
  const catalogue = useEventVersion(['catalogue.changed']);
  const courses = useQuery<CourseSummary[]>(`offer-courses:${String(catalogue)}`, () =>
    client.invoke('library.courses', {}),
  );
  const [courseId, setCourseId] = useState<string>(
    state.session.courseId === null ? '' : String(state.session.courseId),
  );
  const [price, setPrice] = useState('');
  const [coupon, setCoupon] = useState('');
  const [url, setUrl] = useState('');
  const [minutes, setMinutes] = useState('');
  const [stock, setStock] = useState('');
  const course = (courses.data ?? []).find((c) => String(c.id) === courseId);
  const push = (event: SubmitEvent): void => {
    event.preventDefault();
    if (!course) return;
    const digits =
      new Intl.NumberFormat('en', {
        style: 'currency',
        currency: course.currency,
      }).resolvedOptions().maximumFractionDigits ?? 2;
    act(() =>
      client.invoke('offer.push', {
        sessionId,
        courseId: course.id,
        ...(price.trim() ? { priceMinor: Math.round(Number(price) * 10 ** digits) } : {}),
        ...(coupon.trim() ? { couponCode: coupon.trim() } : {}),
        ...(url.trim() ? { checkoutUrl: url.trim() } : {}),
        ...(minutes.trim() ? { endsAt: Date.now() + Number(minutes) * 60_000 } : {}),
        ...(stock.trim() ? { stock: Number(stock) } : {}),
      }),
    );
  };
  const offers = [...state.offers].sort((a, b) => b.pushedAt - a.pushedAt);
  return (
    <section className="card" aria-label={t('live.offers')}>
      <h2>{t('live.offers')}</h2>
      {offers.map((o) => (
        <div key={o.id} className="offer-row" data-testid="live-offer">
          <div>
            <div className="strong">{o.title}</div>
            <div className="muted">
              {formatMoney(o.priceMinor, o.currency, i18n.language)}
              {o.couponCode ? ` · ${o.couponCode}` : ''}
              {o.endsAt !== null && o.endsAt > now && o.withdrawnAt === null
                ? ` · ${t('live.minutesLeft', { count: Math.ceil((o.endsAt - now) / 60_000) })}`
                : ''}
            </div>
            <div>
              {t('live.impressions', { count: o.impressions })} ·{' '}
              {t('live.clicks', { count: o.clicks })}
              {o.impressions > 0
                ? ` (${formatNumber(Math.round((o.clicks / o.impressions) * 1000) / 10, i18n.language)}%)`
                : ''}
            </div>
          </div>
          {o.withdrawnAt === null ? (
            <button
              type="button"
              onClick={() =>
                act(() => client.invoke('offer.withdraw', { sessionId, offerId: o.id }))
              }
            >
              {t('live.withdraw')}
            </button>
          ) : (
            <span className="muted">{t('live.withdrawn')}</span>
          )}
        </div>
      ))}
      <details>
        <summary>{t('live.newOffer')}</summary>
        <form className="form" onSubmit={push}>
          <select
            value={courseId}
            onChange={(e) => setCourseId(e.target.value)}
            required
            data-testid="offer-course"
          >
            <option value="">{t('live.chooseCourse')}</option>
            {(courses.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({formatMoney(c.priceMinor, c.currency, i18n.language)})
              </option>
            ))}
          </select>
          <div className="row">
            <input
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              inputMode="decimal"
              placeholder={t('live.offerPrice')}
              aria-label={t('live.offerPrice')}
            />
            <input
              value={coupon}
              onChange={(e) => setCoupon(e.target.value)}
              placeholder={t('live.coupon')}
              aria-label={t('live.coupon')}
              data-testid="offer-coupon"
            />
          </div>
          <input
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            type="url"
            placeholder={t('live.checkoutUrl')}
            aria-label={t('live.checkoutUrl')}
          />
          <div className="row">
            <input
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              inputMode="numeric"
              placeholder={t('live.countdownMinutes')}
              aria-label={t('live.countdownMinutes')}
            />
            <input
              value={stock}
              onChange={(e) => setStock(e.target.value)}
              inputMode="numeric"
              placeholder={t('live.stock')}
              aria-label={t('live.stock')}
            />
          </div>
          <button type="submit" className="primary" disabled={!course} data-testid="offer-push">
            {t('live.push')}
          </button>
        </form>
      </details>
    </section>
  );
}

function CheckinCard({ state, act }: Props) {
  const { t } = useTranslation();
  const client = useStudio();
  const sessionId = state.session.id;
  const open = state.checkins.find((c) => c.closedAt === null);
  return (
    <section className="card" aria-label={t('live.checkin')}>
      <h2>{t('live.checkin')}</h2>
      {state.checkins.length > 0 ? (
        <p className="muted">
          {t('live.checkins', { count: state.checkins.reduce((a, c) => a + c.count, 0) })}
        </p>
      ) : null}
      {open ? (
        <button
          type="button"
          onClick={() =>
            act(() => client.invoke('checkin.close', { sessionId, checkinId: open.id }))
          }
        >
          {t('live.closeCheckin', { count: open.count })}
        </button>
      ) : (
        <button
          type="button"
          onClick={() =>
            act(() => client.invoke('checkin.open', { sessionId, durationSeconds: 120 }))
          }
          data-testid="checkin-open"
        >
          {t('live.openCheckin')}
        </button>
      )}
    </section>
  );
}

function AnnouncementCard({ state, act }: Props) {
  const { t } = useTranslation();
  const client = useStudio();
  const [text, setText] = useState('');
  const post = (event: SubmitEvent): void => {
    event.preventDefault();
    if (!text.trim()) return;
    act(() =>
      client.invoke('announcement.post', { sessionId: state.session.id, text: text.trim() }),
    );
    setText('');
  };
  return (
    <section className="card" aria-label={t('live.announcement')}>
      <h2>{t('live.announcement')}</h2>
      <form className="inline-form" onSubmit={post}>
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={500}
          placeholder={t('live.announcementText')}
          aria-label={t('live.announcementText')}
        />
        <button type="submit">{t('live.post')}</button>
      </form>
    </section>
  );
}
