import i18next from 'i18next';
import { ALL_LIVE_CARDS, type LiveCardChoice, type LiveCardLabels } from './live-cards';

// The Broadcast screen's remembered choices (localStorage) and small helpers shared by the
// controller (broadcast-controller.ts) and the portrait canvas (portrait-feed.ts).

export function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function remember(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Private mode: choices are simply not remembered.
  }
}

export function message(error: unknown): string {
  return error instanceof Error
    ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
    : String(error);
}

export function rememberedCards(key: string): LiveCardChoice {
  try {
    const parsed: unknown = JSON.parse(remembered(key) ?? 'null');
    if (parsed === null || typeof parsed !== 'object') return ALL_LIVE_CARDS;
    const record = parsed as Record<string, unknown>;
    return {
      question: record.question !== false,
      offer: record.offer !== false,
      poll: record.poll !== false,
    };
  } catch {
    return ALL_LIVE_CARDS;
  }
}

export function cardLabels(): LiveCardLabels {
  const t = i18next.t.bind(i18next);
  return {
    question: (name) => t('broadcast.cards.questionFrom', { name }),
    offer: t('broadcast.cards.offer'),
    coupon: (code) => t('broadcast.cards.coupon', { code }),
    pollOpen: t('broadcast.cards.pollOpen'),
    pollResults: (voters) => t('broadcast.cards.pollResults', { count: voters }),
  };
}
