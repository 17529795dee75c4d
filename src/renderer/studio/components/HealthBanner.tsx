import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudioHealth } from '../../../shared/contract';
import { useStudio } from '../api/studio-context';

/**
 * The studio's own health (`studio.health`), shown above every screen: today, that what happens
 * in a class cannot be saved (a full disk). It goes away by itself once writes succeed again.
 * `connected` refetches it after a reconnect, when events may have been missed.
 */
export function HealthBanner({ connected }: { connected: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const [health, setHealth] = useState<StudioHealth | null>(null);

  useEffect(() => client.on('studio.healthChanged', setHealth), [client]);
  useEffect(() => {
    if (!connected) return;
    client.invoke('studio.health', {}).then(setHealth, () => undefined);
  }, [client, connected]);

  const storage = health?.storage;
  if (!storage) return null;
  const since = new Intl.DateTimeFormat(i18n.language, {
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(storage.since));
  return (
    <div className="banner error" role="alert" data-testid="health-banner">
      {t(`health.${storage.problem}`, { failed: storage.failedWrites, since })}
    </div>
  );
}
