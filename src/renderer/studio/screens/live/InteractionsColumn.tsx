import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../../../shared/contract/live-api';
import { useStudio } from '../../api/studio-context';
import type { Act } from './LivePanel';
import { LotteryCard } from './LotteryCard';
import { OffersCard } from './OffersCard';
import { PollsCard } from './PollsCard';

export type CardProps = { state: LiveState; act: Act; now: number };

export function InteractionsColumn(props: CardProps) {
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

function CheckinCard({ state, act }: CardProps) {
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

function AnnouncementCard({ state, act }: CardProps) {
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
