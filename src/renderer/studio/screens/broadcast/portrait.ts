import { drawLiveCards } from './draw-cards';
import {
  drawFitted,
  drawLowerThird,
  drawPlaceholder,
  videoReady,
  type Box,
  type Overlay,
} from './draw-scene';
import { drawTimecode } from './draw-timecode';
import type { LiveCard } from './live-cards';

/**
 * The portrait canvas (1080×1920) beside the landscape program, from the same sources and live
 * cards: vertical platforms (Douyin, Kuaishou, WeChat Channels, TikTok, Shorts). Each scene has
 * its portrait layout: the camera large with the screen cropped below it, or the reverse.
 */
export const PORTRAIT_SIZE = { width: 1080, height: 1920 } as const;

export type PortraitLayout = 'camera-large' | 'screen-large';
export const PORTRAIT_LAYOUTS: readonly PortraitLayout[] = ['camera-large', 'screen-large'];

/** The share of the height the large source takes. */
const LARGE_SHARE = 0.62;
const BACKGROUND = '#10151f';

export interface PortraitFrame {
  camera: HTMLVideoElement;
  screen: HTMLVideoElement;
  layout: PortraitLayout;
  overlay: Overlay;
  cards: readonly LiveCard[];
  timecode: boolean;
  placeholder: string;
}

/** Draws one portrait frame; a missing source leaves the whole picture to the other. */
export function drawPortrait(ctx: CanvasRenderingContext2D, frame: PortraitFrame): void {
  const { width: W, height: H } = PORTRAIT_SIZE;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, W, H);
  const camera = videoReady(frame.camera) ? frame.camera : null;
  const screen = videoReady(frame.screen) ? frame.screen : null;
  const full: Box = { x: 0, y: 0, w: W, h: H };
  const split = Math.round(H * LARGE_SHARE);
  const top: Box = { x: 0, y: 0, w: W, h: split };
  const bottom: Box = { x: 0, y: split, w: W, h: H - split };
  let cardsBottom = H - Math.round(W / 20);
  if (camera && screen) {
    if (frame.layout === 'camera-large') {
      drawFitted(ctx, camera, top, 'cover');
      drawFitted(ctx, screen, bottom, 'cover');
    } else {
      drawFitted(ctx, screen, top, 'cover');
      drawFitted(ctx, camera, bottom, 'cover');
    }
    cardsBottom = split - Math.round(W / 40);
  } else if (camera) {
    drawFitted(ctx, camera, full, 'cover');
  } else if (screen) {
    drawFitted(ctx, screen, full, 'contain');
  } else {
    drawPlaceholder(ctx, frame.placeholder, full);
  }
  drawLowerThird(ctx, frame.overlay, W, H);
  drawLiveCards(ctx, frame.cards, W, cardsBottom);
  if (frame.timecode) drawTimecode(ctx, W, Date.now());
}
