import type { LiveState } from '../../../../shared/contract/live-api';
import { formatMoney } from '../../../common/format';

/**
 * What the live panel puts on the picture: the pinned question, the offer on sale, and a poll
 * (its question while voting is open, its results once the host reveals them). Picked from the
 * live state by a pure function so that what the audience sees follows the panel exactly.
 */

export interface LiveCardChoice {
  question: boolean;
  offer: boolean;
  poll: boolean;
}

export const ALL_LIVE_CARDS: LiveCardChoice = { question: true, offer: true, poll: true };

export interface LiveCardLabels {
  question: (name: string) => string;
  offer: string;
  coupon: (code: string) => string;
  pollOpen: string;
  pollResults: (voters: number) => string;
}

export type LiveCard =
  | { kind: 'question'; label: string; text: string; upvotes: number }
  | { kind: 'offer'; label: string; title: string; price: string; coupon: string | null }
  | {
      kind: 'poll';
      label: string;
      question: string;
      /** Null while voting is open: the picture must not sway the vote. */
      results: { text: string; share: number; correct: boolean }[] | null;
    };

/** An offer still on sale: not withdrawn, and its countdown (if any) not run out. */
export function offerOnSale(offer: LiveState['offers'][number], nowMs: number): boolean {
  return offer.withdrawnAt === null && (offer.endsAt === null || offer.endsAt > nowMs);
}

export function pickLiveCards(
  state: LiveState,
  choice: LiveCardChoice,
  labels: LiveCardLabels,
  locale: string,
  nowMs: number,
): LiveCard[] {
  const cards: LiveCard[] = [];
  if (choice.offer) {
    const offer = state.offers
      .filter((o) => offerOnSale(o, nowMs))
      .sort((a, b) => b.pushedAt - a.pushedAt)[0];
    if (offer) {
      cards.push({
        kind: 'offer',
        label: labels.offer,
        title: offer.title,
        price: formatMoney(offer.priceMinor, offer.currency, locale),
        coupon: offer.couponCode === null ? null : labels.coupon(offer.couponCode),
      });
    }
  }
  if (choice.question) {
    const question = state.questions
      .filter((q) => q.pinned && q.status !== 'dismissed')
      .sort((a, b) => b.at - a.at)[0];
    if (question) {
      cards.push({
        kind: 'question',
        label: labels.question(question.name),
        text: question.text,
        upvotes: question.upvotes,
      });
    }
  }
  if (choice.poll) {
    const run = [...state.polls].sort((a, b) => b.openedAt - a.openedAt)[0];
    if (run?.state === 'open') {
      cards.push({ kind: 'poll', label: labels.pollOpen, question: run.question, results: null });
    } else if (run?.state === 'revealed') {
      // Of the voters, not of the votes: a multiple-choice poll's shares may sum past 100%.
      const voters = run.voters;
      cards.push({
        kind: 'poll',
        label: labels.pollResults(run.voters),
        question: run.question,
        results: run.options.map((text, index) => ({
          text,
          share: voters === 0 ? 0 : Math.min(1, (run.counts[index] ?? 0) / voters),
          correct: run.correct?.includes(index) ?? false,
        })),
      });
    }
  }
  return cards;
}

/**
 * Breaks text into lines no wider than `maxWidth`: at spaces where the text has them, else between
 * characters (Chinese has no spaces). The last line ends with an ellipsis if text is left over.
 */
export function wrapLines(
  measure: (text: string) => number,
  text: string,
  maxWidth: number,
  maxLines: number,
): string[] {
  const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const tokens = text
    .trim()
    .split(/(\s+)/)
    .flatMap((t) =>
      measure(t) > maxWidth ? Array.from(graphemes.segment(t), (part) => part.segment) : [t],
    );
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const next = line + token;
    if (measure(next) <= maxWidth || line === '') {
      line = next;
      continue;
    }
    lines.push(line.trimEnd());
    line = token.trimStart();
    if (lines.length === maxLines) break;
  }
  if (lines.length < maxLines && line.trim() !== '') lines.push(line.trimEnd());
  const used = lines.join('').replace(/\s/g, '').length;
  if (used < text.replace(/\s/g, '').length && lines.length > 0) {
    let last = lines[lines.length - 1] ?? '';
    while (last.length > 0 && measure(`${last}…`) > maxWidth) last = last.slice(0, -1);
    lines[lines.length - 1] = `${last}…`;
  }
  return lines;
}
