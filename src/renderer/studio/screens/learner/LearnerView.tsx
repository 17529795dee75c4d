import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LearnerProfile } from '../../../../shared/contract/analytics-api';
import type { Language } from '../../../../shared/model/domain';
import type { LearnerId } from '../../../../shared/model/ids';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { HeadlineCards, type HeadlineCard } from '../../components/HeadlineCards';
import { formatDecimal, formatDuration } from '../reports/report-format';
import { DeleteLearnerDialog } from './DeleteLearnerDialog';
import { Part } from './LearnerPart';
import { ReplayPart } from './LearnerReplayPart';
import { ValuePart } from './LearnerValuePart';
import { downloadLearnerData } from './learner-export';
import { useLearnerProfile } from './use-learner-profile';
import { AttendancePart } from './LearnerAttendancePart';
import { PurchasesPart, QuestionsPart } from './LearnerHistoryParts';

type Profile = LearnerProfile;

/**
 * One learner across every class and order: attendance with watch time and engagement, questions,
 * purchases, predicted value, RFM score, segment and next course, consent and which contact
 * details exist (masked). From here their data can be exported, or deleted for good.
 */
export function LearnerView({
  learnerId,
  name,
  onBack,
  onDeleted,
}: {
  learnerId: LearnerId;
  /** The name the list showed, for the heading while the profile computes. */
  name: string;
  onBack: () => void;
  onDeleted: (name: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const profile = useLearnerProfile(learnerId, locale as Language);
  const data = profile.data;
  const heading = useRef<HTMLHeadingElement>(null);
  const [exporting, setExporting] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const shownName = data?.learner.displayName ?? name;

  // Opening the view moves focus to its heading, so keyboard and screen reader users land here.
  useEffect(() => heading.current?.focus(), []);

  // Deleted from another window (or this one): the view has nothing left to show.
  useEffect(
    () =>
      client.on('learner.deleted', (event) => {
        if (event.learnerId === learnerId) onDeleted(shownName);
      }),
    [client, learnerId, onDeleted, shownName],
  );

  const exportData = async (): Promise<void> => {
    setExporting(true);
    setNotice(null);
    try {
      const file = await downloadLearnerData(client, learnerId);
      setNotice({ kind: 'ok', text: t('learner.actions.exported', { file }) });
    } catch (e) {
      setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally {
      setExporting(false);
    }
  };
  const gone = profile.status === 'error' && profile.code === 'NOT_FOUND';
  return (
    <section className="screen learner" aria-busy={profile.status === 'loading'}>
      <div className="report-top">
        <button type="button" onClick={onBack} data-testid="learner-back">
          ← {t('learner.back')}
        </button>
      </div>
      <header className="screen-header learner-head">
        <div>
          <h1 ref={heading} tabIndex={-1} data-testid="learner-name">
            {shownName}
          </h1>
          {data ? (
            <p>{t('learner.firstSeen', { date: formatDate(data.learner.firstSeenAt, locale) })}</p>
          ) : null}
        </div>
        {gone ? null : (
          <div className="learner-actions">
            <button
              type="button"
              onClick={() => void exportData()}
              disabled={exporting}
              data-testid="learner-export"
            >
              {exporting ? t('learner.actions.exporting') : t('learner.actions.export')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => setConfirming(true)}
              data-testid="learner-delete"
            >
              {t('learner.actions.delete')}
            </button>
          </div>
        )}
      </header>
      {notice ? (
        <p className={notice.kind === 'ok' ? 'notice' : 'error'} role="status">
          {notice.text}
        </p>
      ) : null}

      {profile.status === 'loading' && !data ? (
        <div className="report-progress" role="status" data-testid="learner-progress">
          <span>{t('learner.computing')}</span>
          <progress
            max={1}
            value={profile.progress ?? undefined}
            aria-label={t('learner.computing')}
          />
        </div>
      ) : null}
      {profile.status === 'error' ? (
        <div className="report-progress error" role="alert">
          <span>
            {gone ? t('learner.gone') : t('learner.failed', { message: profile.message })}
          </span>
        </div>
      ) : null}

      {data && !gone ? (
        <div className="learner-body" data-testid="learner-body">
          <LearnerFacts profile={data} />
          <SummaryCards profile={data} />
          <AttendancePart profile={data} />
          <ReplayPart learnerId={learnerId} />
          <div className="learner-columns">
            <ValuePart profile={data} />
            <NextPart profile={data} />
          </div>
          <PurchasesPart profile={data} />
          <QuestionsPart profile={data} />
          <details className="report-how" data-testid="learner-how">
            <summary>{t('learner.howComputed')}</summary>
            <ul>
              {(['watched', 'engagement', 'rfm', 'bgnbd', 'value', 'segment', 'next'] as const).map(
                (key) => (
                  <li key={key}>{t(`learner.defs.${key}`)}</li>
                ),
              )}
            </ul>
          </details>
        </div>
      ) : null}

      {confirming ? (
        <DeleteLearnerDialog
          learnerId={learnerId}
          name={shownName}
          onCancel={() => setConfirming(false)}
          onDeleted={() => onDeleted(shownName)}
        />
      ) : null}
    </section>
  );
}

/** Consent and which contact details exist: the details themselves only masked. */
function LearnerFacts({ profile }: { profile: Profile }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { learner } = profile;
  const hints = (kind: 'email' | 'phone'): string =>
    learner.contactHints
      .filter((h) => h.kind === kind)
      .map((h) => h.hint)
      .join(', ');
  const consent = (agreed: boolean): ReactNode => (
    <span className={agreed ? 'badge ok' : 'badge'}>
      {agreed ? t('learner.consent.yes') : t('learner.consent.no')}
    </span>
  );
  return (
    <div className="learner-facts">
      <section
        className="card"
        aria-label={t('learner.contact.title')}
        data-testid="learner-contact"
      >
        <h2>{t('learner.contact.title')}</h2>
        <dl className="facts">
          <dt>✉</dt>
          <dd>
            {learner.hasEmail
              ? `${t('learner.contact.email')}: ${hints('email')}`
              : t('learner.contact.noEmail')}
          </dd>
          <dt>☎</dt>
          <dd>
            {learner.hasPhone
              ? `${t('learner.contact.phone')}: ${hints('phone')}`
              : t('learner.contact.noPhone')}
          </dd>
        </dl>
        {learner.hasEmail || learner.hasPhone ? (
          <p className="muted small">{t('learner.contact.masked')}</p>
        ) : null}
      </section>
      <section
        className="card"
        aria-label={t('learner.consent.title')}
        data-testid="learner-consent"
      >
        <h2>{t('learner.consent.title')}</h2>
        <dl className="facts">
          <dt>{t('learner.consent.followUp')}</dt>
          <dd>{consent(learner.consent.followUp)}</dd>
          <dt>{t('learner.consent.linkPurchases')}</dt>
          <dd>{consent(learner.consent.linkPurchases)}</dd>
        </dl>
        <p className="muted small">
          {learner.consent.updatedAt === null
            ? t('learner.consent.never')
            : t('learner.consent.updated', {
                date: formatDateTime(learner.consent.updatedAt, locale),
              })}
        </p>
      </section>
    </div>
  );
}

/** Net spend per currency (refunds subtracted; cancelled and refunded orders are not spend). */
function spentByCurrency(profile: Profile): { currency: string; minor: number }[] {
  const sums = new Map<string, number>();
  for (const p of profile.purchases) {
    if (p.status !== 'paid' && p.status !== 'partially_refunded') continue;
    sums.set(p.currency, (sums.get(p.currency) ?? 0) + p.totalMinor - p.refundedMinor);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, minor]) => ({ currency, minor }));
}

function SummaryCards({ profile }: { profile: Profile }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('library.learners.none');
  const watched = profile.attendance.reduce((s, a) => s + a.watchedMs, 0);
  const scores = profile.attendance.map((a) => a.engagementScore);
  const average = scores.length > 0 ? scores.reduce((s, v) => s + v, 0) / scores.length : null;
  const spent = spentByCurrency(profile);
  const cards: HeadlineCard[] = [
    {
      id: 'classes',
      label: t('learner.summary.classes'),
      value: formatNumber(profile.attendance.length, locale),
    },
    {
      id: 'watched',
      label: t('learner.summary.watched'),
      value: formatDuration(watched, locale) ?? none,
    },
    {
      id: 'engagement',
      label: t('learner.summary.engagement'),
      value: formatDecimal(average, locale) ?? none,
    },
    {
      id: 'orders',
      label: t('learner.summary.orders'),
      value: formatNumber(profile.purchases.length, locale),
    },
    {
      id: 'spent',
      label: t('learner.summary.spent'),
      value:
        spent.length > 0
          ? spent.map((s) => formatMoney(s.minor, s.currency, locale)).join(' + ')
          : none,
    },
    {
      id: 'value12',
      label: t('learner.summary.value12'),
      value: profile.prediction
        ? formatMoney(
            Math.round(profile.prediction.value12Months),
            profile.prediction.currency,
            locale,
          )
        : none,
    },
  ];
  return (
    <HeadlineCards
      cards={cards}
      className="learner-cards"
      testId="learner-summary"
      cardTestId={(id) => `learner-summary-${id}`}
      valueTag="span"
    />
  );
}

function NextPart({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  return (
    <Part title={t('learner.next.title')} testId="learner-next">
      {profile.recommendations.length === 0 ? (
        <p className="muted">{t('learner.next.none')}</p>
      ) : (
        <ol className="plain-list next-courses">
          {profile.recommendations.map((r) => (
            <li key={r.courseId}>
              <strong>{r.title}</strong>
              <div className="muted">{r.text}</div>
            </li>
          ))}
        </ol>
      )}
    </Part>
  );
}
