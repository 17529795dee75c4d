import {
  TIMECODE_BITS,
  TIMECODE_CELL,
  timecodeBits,
  timecodeCellCentre,
} from '../../../common/timecode';

/** Draws the clock at the picture's top left. */
export function drawTimecode(ctx: CanvasRenderingContext2D, width: number, nowMs: number): void {
  const cell = width * TIMECODE_CELL;
  ctx.save();
  // A black band with margins, so the cells read against any picture.
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, cell * (TIMECODE_BITS + 3), cell * 4.75);
  ctx.fillStyle = '#ffffff';
  timecodeBits(nowMs).forEach((bit, index) => {
    if (!bit) return;
    const { x, y } = timecodeCellCentre(index, width);
    ctx.fillRect(
      Math.round(x - cell / 2),
      Math.round(y - cell / 2),
      Math.ceil(cell),
      Math.ceil(cell),
    );
  });
  const time = new Date(nowMs);
  const pad = (n: number, size = 2) => String(n).padStart(size, '0');
  ctx.font = `${String(Math.round(cell * 1.2))}px ui-monospace, monospace`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(
    `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`,
    cell * 1,
    cell * 3.5,
  );
  ctx.restore();
}
