import type { canvasMethods } from '../../../shared/contract/canvas-api';
import type { outputMethods } from '../../../shared/contract/outputs-api';
import type { Handler } from '../../kernel/router';
import type { OutputManager } from './output-manager';

type OutputMethod = keyof typeof outputMethods | keyof typeof canvasMethods;
export type OutputHandlerMap = { [M in OutputMethod]: Handler<M> };

/** The studio API's `output.*` and `canvas.*` methods, over the one OutputManager the studio owns. */
export function createOutputHandlers(outputs: OutputManager): OutputHandlerMap {
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
      return { canvas };
    },
  };
}
