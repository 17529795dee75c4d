import type { outputMethods } from '../../../shared/contract/outputs-api';
import type { Handler } from '../../kernel/router';
import type { OutputManager } from './output-manager';

type OutputMethod = keyof typeof outputMethods;
export type OutputHandlerMap = { [M in OutputMethod]: Handler<M> };

/** The studio API's `output.*` methods, over the one OutputManager the studio owns. */
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
  };
}
