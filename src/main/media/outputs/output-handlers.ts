import type { canvasMethods } from '../../../shared/contract/canvas-api';
import type { canvasLoadMethods } from '../../../shared/contract/canvas-load-api';
import type { HealthMonitor } from '../../kernel/health';
import type { outputMethods } from '../../../shared/contract/outputs-api';
import type { Handler } from '../../kernel/router';
import type { OutputManager } from './output-manager';

type OutputMethod =
  keyof typeof outputMethods | keyof typeof canvasMethods | keyof typeof canvasLoadMethods;
export type OutputHandlerMap = { [M in OutputMethod]: Handler<M> };

/**
 * The studio API's `output.*` and `canvas.*` methods, over the one OutputManager the studio owns;
 * a canvas's load goes to the studio's health (the banner on every screen).
 */
export function createOutputHandlers(
  outputs: OutputManager,
  health: Pick<HealthMonitor, 'canvasLoad'>,
): OutputHandlerMap {
  return {
    'output.list': () => outputs.list(),
    'output.save': (input) => outputs.save(input),
    'output.delete': ({ id }) => {
      outputs.delete(id);
      return { id };
    },
    'output.start': ({ id }) => outputs.startOutput(id),
    'output.stop': ({ id }) => outputs.stopOutput(id),
    'canvas.start': ({ canvas, mimeType, width, height }) => ({
      canvas,
      ...outputs.canvasStart(canvas, { mime: mimeType, width, height }),
    }),
    'canvas.append': ({ canvas, seq, bytes }) => ({
      seq,
      ...outputs.canvasAppend(canvas, seq, bytes),
    }),
    'canvas.stop': ({ canvas }) => {
      outputs.canvasStop(canvas);
      health.canvasLoad(null);
      return { canvas };
    },
    'canvas.load': (load) => ({ lowered: health.canvasLoad(load) }),
  };
}
