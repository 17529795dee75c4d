import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictResolution, ContactConflict } from '../../../../shared/contract/learners-api';
import { formatDateTime, formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';

// Contact details typed into the viewer page are unverified claims (imports/README.md
// "Identities"): when someone else holds the address or number, or another viewer claims it too,
// the educator decides here whether it is the same person (merge) or not (reject). Nothing is
// merged without this decision. Contact details are masked by the core.

const PAGE = 100;

export function ContactConflicts({ dataKey }: { dataKey: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const [busy, setBusy] = useState<number | null>(null);
  const [failure, setFailure] = useState<{ claimId: number; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const conflicts = useQuery(`conflicts:${dataKey}`, () =>
    client.invoke('learner.conflicts', { limit: PAGE }),
  );
  const total = conflicts.data?.total ?? 0;
  if (conflicts.status === 'error') {
    return <p className="error">{t('app.error', { message: conflicts.message })}</p>;
  }
  if (total === 0 && done === null) return null;

  const resolve = async (conflict: ContactConflict, resolution: ConflictResolution) => {
    setBusy(conflict.claimId);
    setFailure(null);
    setDone(null);
    try {
      await client.invoke('learner.resolveConflict', { claimId: conflict.claimId, resolution });
      setDone(
        resolution === 'not-same-person'
          ? t('conflicts.rejected', { name: conflict.claimant.displayName })
          : conflict.holder
            ? t('conflicts.merged', {
                name: conflict.claimant.displayName,
                holder: conflict.holder.displayName,
              })
            : t('conflicts.granted', { name: conflict.claimant.displayName }),
      );
      conflicts.reload();
    } catch (error) {
      setFailure({
        claimId: conflict.claimId,
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section
      className="conflicts"
      aria-labelledby="contact-conflicts-title"
      data-testid="contact-conflicts"
    >
      <h2 id="contact-conflicts-title">
        {t('conflicts.title')}{' '}
        <span className="count-badge" data-testid="contact-conflicts-count">
          {formatNumber(total, locale)}
        </span>
      </h2>
      <p className="muted">{t('conflicts.explain')}</p>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <ul className="conflict-list">
        {(conflicts.data?.conflicts ?? []).map((conflict) => (
          <li
            key={conflict.claimId}
            className="conflict"
            data-testid={`conflict-${conflict.claimId}`}
          >
            <p>
              {t(conflict.kind === 'email' ? 'conflicts.claimEmail' : 'conflicts.claimPhone', {
                name: conflict.claimant.displayName,
                hint: conflict.hint,
              })}{' '}
              <span className="muted">
                {conflict.session
                  ? t('conflicts.where', {
                      session: conflict.session.title,
                      date: formatDateTime(conflict.claimedAt, locale),
                    })
                  : formatDateTime(conflict.claimedAt, locale)}
              </span>
            </p>
            <p>
              {conflict.holder
                ? t('conflicts.heldBy', {
                    holder: conflict.holder.displayName,
                    orders: t('conflicts.orders', { count: conflict.holder.orders }),
                    date: formatDateTime(conflict.holder.since, locale),
                  })
                : t('conflicts.nobody')}
              {conflict.rivalClaims > 0
                ? ` ${t('conflicts.rivals', { count: conflict.rivalClaims })}`
                : ''}
            </p>
            <div className="actions">
              <button
                type="button"
                className="primary"
                disabled={busy !== null}
                data-testid={`conflict-merge-${conflict.claimId}`}
                onClick={() => void resolve(conflict, 'same-person')}
              >
                {conflict.holder
                  ? t('conflicts.merge', { holder: conflict.holder.displayName })
                  : t('conflicts.grant', { name: conflict.claimant.displayName })}
              </button>
              <button
                type="button"
                disabled={busy !== null}
                data-testid={`conflict-reject-${conflict.claimId}`}
                onClick={() => void resolve(conflict, 'not-same-person')}
              >
                {t('conflicts.reject')}
              </button>
            </div>
            {failure?.claimId === conflict.claimId ? (
              <p className="error" role="alert">
                {t('conflicts.failed', { message: failure.message })}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
