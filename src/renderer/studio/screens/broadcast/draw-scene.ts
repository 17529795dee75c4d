// Drawing helpers shared by both canvases (program.ts: landscape, portrait.ts: portrait).

export interface Overlay {
  visible: boolean;
  title: string;
  subtitle: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const ACCENT = '#e0473b';

export function videoReady(video: HTMLVideoElement | null): video is HTMLVideoElement {
  return video !== null && video.readyState >= 2 && video.videoWidth > 0;
}

/** Draws `video` into the box, fitting it whole (contain) or filling the box, cropped (cover). */
export function drawFitted(
  ctx: CanvasRenderingContext2D,
  video: HTMLVideoElement,
  box: Box,
  mode: 'contain' | 'cover',
): void {
  const scale =
    mode === 'contain'
      ? Math.min(box.w / video.videoWidth, box.h / video.videoHeight)
      : Math.max(box.w / video.videoWidth, box.h / video.videoHeight);
  const w = video.videoWidth * scale;
  const h = video.videoHeight * scale;
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.w, box.h);
  ctx.clip();
  ctx.drawImage(video, box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h);
  ctx.restore();
}

/** Shown where a source is missing ("Share a screen", "No camera"). */
export function drawPlaceholder(ctx: CanvasRenderingContext2D, text: string, box: Box): void {
  ctx.fillStyle = '#c9d1dc';
  ctx.font = `${String(Math.round(Math.min(box.w, box.h) / 24))}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, box.x + box.w / 2, box.y + box.h / 2);
}

/** The title and subtitle bar near the picture's bottom left. */
export function drawLowerThird(
  ctx: CanvasRenderingContext2D,
  overlay: Overlay,
  W: number,
  H: number,
): void {
  if (!overlay.visible || overlay.title.trim() === '') return;
  const unit = Math.min(W, H) / 20;
  const titleSize = Math.round(unit * 1.1);
  const subSize = Math.round(unit * 0.7);
  const x = Math.round(unit);
  const h = Math.round(titleSize + subSize + unit * 1.2);
  const y = Math.round(H - h - unit * (H > W ? 6 : 1));
  ctx.font = `600 ${String(titleSize)}px system-ui, sans-serif`;
  const titleWidth = ctx.measureText(overlay.title).width;
  ctx.font = `${String(subSize)}px system-ui, sans-serif`;
  const subWidth = ctx.measureText(overlay.subtitle).width;
  const w = Math.min(W - 2 * x, Math.max(titleWidth, subWidth) + unit * 1.6);
  ctx.fillStyle = 'rgba(16, 21, 31, 0.82)';
  ctx.fillRect(x, y, w, h);
  ctx.fillStyle = ACCENT;
  ctx.fillRect(x, y, Math.round(unit * 0.25), h);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#ffffff';
  ctx.font = `600 ${String(titleSize)}px system-ui, sans-serif`;
  ctx.fillText(overlay.title, x + unit * 0.8, y + unit * 0.45, w - unit * 1.2);
  if (overlay.subtitle.trim() !== '') {
    ctx.fillStyle = '#c9d1dc';
    ctx.font = `${String(subSize)}px system-ui, sans-serif`;
    ctx.fillText(overlay.subtitle, x + unit * 0.8, y + unit * 0.65 + titleSize, w - unit * 1.2);
  }
}
