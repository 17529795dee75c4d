import { wrapLines, type LiveCard } from './live-cards';

// Draws the live cards (live-cards.ts) in a column at the picture's top right, as many as fit
// above the camera picture-in-picture. Sizes follow the picture's shorter edge, so a portrait
// canvas gets the same cards as a landscape one.

const CARD_BG = 'rgba(16, 21, 31, 0.86)';
const ACCENT = '#e0473b';
const OFFER = '#f2b84b';
const CORRECT = '#3fb68b';
const TEXT = '#ffffff';
const MUTED = '#c9d1dc';

export function drawLiveCards(
  ctx: CanvasRenderingContext2D,
  cards: readonly LiveCard[],
  width: number,
  /** The cards stop above this line (the picture-in-picture's top). */
  bottom: number,
): void {
  if (cards.length === 0) return;
  const unit = Math.min(width, bottom) / 22;
  const cardWidth = Math.round(Math.min(width * 0.36, unit * 16));
  const x = width - cardWidth - Math.round(unit * 0.8);
  const pad = Math.round(unit * 0.6);
  const labelSize = Math.round(unit * 0.62);
  const bodySize = Math.round(unit * 0.85);
  const line = Math.round(bodySize * 1.3);
  const inner = cardWidth - pad * 2;
  let y = Math.round(unit * 0.8);

  ctx.save();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  for (const card of cards) {
    const rows: { text: string; font: string; color: string; bar?: number; barColor?: string }[] =
      [];
    const body = `600 ${String(bodySize)}px system-ui, sans-serif`;
    const small = `${String(labelSize)}px system-ui, sans-serif`;
    const wrap = (text: string, font: string, max: number) => {
      ctx.font = font;
      return wrapLines((t) => ctx.measureText(t).width, text, inner, max);
    };
    let accent = ACCENT;
    if (card.kind === 'question') {
      for (const l of wrap(card.text, body, 4)) rows.push({ text: l, font: body, color: TEXT });
      if (card.upvotes > 0)
        rows.push({ text: `▲ ${String(card.upvotes)}`, font: small, color: MUTED });
    } else if (card.kind === 'offer') {
      accent = OFFER;
      for (const l of wrap(card.title, body, 2)) rows.push({ text: l, font: body, color: TEXT });
      rows.push({ text: card.price, font: body, color: OFFER });
      if (card.coupon) rows.push({ text: card.coupon, font: small, color: MUTED });
    } else {
      for (const l of wrap(card.question, body, 3)) rows.push({ text: l, font: body, color: TEXT });
      for (const result of card.results ?? []) {
        const percent = `${String(Math.round(result.share * 100))}%`;
        const [label = ''] = wrap(`${result.correct ? '✓ ' : ''}${result.text}`, small, 1);
        rows.push({
          text: `${label}  ${percent}`,
          font: small,
          color: result.correct ? CORRECT : MUTED,
          bar: result.share,
          barColor: result.correct ? CORRECT : ACCENT,
        });
      }
    }
    const labelHeight = Math.round(labelSize * 1.5);
    const barHeight = Math.round(unit * 0.22);
    const height =
      pad * 2 +
      labelHeight +
      rows.reduce((sum, row) => sum + line + (row.bar === undefined ? 0 : barHeight + 4), 0);
    if (y + height > bottom) break;
    ctx.fillStyle = CARD_BG;
    ctx.fillRect(x, y, cardWidth, height);
    ctx.fillStyle = accent;
    ctx.fillRect(x, y, Math.round(unit * 0.2), height);
    let at = y + pad;
    ctx.font = `600 ${String(labelSize)}px system-ui, sans-serif`;
    ctx.fillStyle = accent;
    ctx.fillText(wrap(card.label, ctx.font, 1)[0] ?? '', x + pad, at, inner);
    at += labelHeight;
    for (const row of rows) {
      ctx.font = row.font;
      ctx.fillStyle = row.color;
      ctx.fillText(row.text, x + pad, at, inner);
      at += line;
      if (row.bar !== undefined) {
        ctx.fillStyle = 'rgba(255, 255, 255, 0.15)';
        ctx.fillRect(x + pad, at, inner, barHeight);
        ctx.fillStyle = row.barColor ?? ACCENT;
        ctx.fillRect(x + pad, at, Math.round(inner * row.bar), barHeight);
        at += barHeight + 4;
      }
    }
    y += height + Math.round(unit * 0.5);
  }
  ctx.restore();
}
