import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { BroadcastController } from './broadcast-controller';

/** The lower third, the live panel's cards on the picture and the burned-in clock. */
export function OverlayCard({ controller }: { controller: BroadcastController }) {
  const { t } = useTranslation();
  const state = useSyncExternalStore(controller.subscribe, controller.snapshot);
  const { overlay } = state;
  return (
    <div className="card overlay-card">
      <label className="check">
        <input
          type="checkbox"
          checked={overlay.visible}
          onChange={(e) => controller.setOverlay({ ...overlay, visible: e.target.checked })}
          data-testid="overlay-visible"
        />
        {t('broadcast.lowerThird')}
      </label>
      <input
        value={overlay.title}
        placeholder={t('broadcast.overlayTitle')}
        maxLength={80}
        onChange={(e) => controller.setOverlay({ ...overlay, title: e.target.value })}
        data-testid="overlay-title"
      />
      <input
        value={overlay.subtitle}
        placeholder={t('broadcast.overlaySubtitle')}
        maxLength={120}
        onChange={(e) => controller.setOverlay({ ...overlay, subtitle: e.target.value })}
        data-testid="overlay-subtitle"
      />
      <fieldset className="live-cards">
        <legend>{t('broadcast.cardsHeading')}</legend>
        {(['question', 'offer', 'poll'] as const).map((kind) => (
          <label className="check" key={kind}>
            <input
              type="checkbox"
              checked={state.liveCards[kind]}
              onChange={(e) =>
                controller.setLiveCards({ ...state.liveCards, [kind]: e.target.checked })
              }
              data-testid={`live-card-${kind}`}
            />
            {t(`broadcast.cardsKind.${kind}`)}
          </label>
        ))}
        <p className="muted" data-testid="live-cards-shown">
          {t('broadcast.cardsShown', { count: state.liveCardsShown })}
        </p>
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={state.timecode}
          onChange={(e) => controller.setTimecode(e.target.checked)}
          data-testid="overlay-timecode"
        />
        {t('broadcast.timecode')}
      </label>
    </div>
  );
}
