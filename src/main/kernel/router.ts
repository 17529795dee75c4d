import {
  StudioError,
  describeZodError,
  fail,
  isMethodName,
  ok,
  studioMethods,
  type Envelope,
  type MethodArgs,
  type MethodName,
  type MethodOutput,
} from '../../shared/contract';
import type { Logger } from './logger';

/** Who is calling: the transport fills this in; handlers may use it for auditing. */
export interface CallContext {
  transport: 'ipc' | 'websocket' | 'test';
}

export type Handler<M extends MethodName> = (
  input: MethodArgs<M>,
  ctx: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>;

export type HandlerMap = { [M in MethodName]: Handler<M> };

export interface Router {
  /** Never throws and never rejects: every outcome is an envelope without a stack trace. */
  handle(method: unknown, input: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
}

/**
 * Builds the router from one handler per contract method. A missing or extra handler is a
 * programming error and throws at start-up, not at the first call.
 */
export function createRouter(handlers: HandlerMap, logger: Logger): Router {
  const names = Object.keys(handlers);
  const extra = names.filter((name) => !isMethodName(name));
  const missing = Object.keys(studioMethods).filter((name) => !names.includes(name));
  if (extra.length > 0) throw new Error(`handlers for unknown methods: ${extra.join(', ')}`);
  if (missing.length > 0) throw new Error(`methods without a handler: ${missing.join(', ')}`);

  return {
    async handle(method, input, ctx) {
      if (!isMethodName(method)) {
        const shown = typeof method === 'string' ? method.slice(0, 100) : `(${typeof method})`;
        return fail('UNKNOWN_METHOD', `unknown method: ${shown}`);
      }
      const spec = studioMethods[method];
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) {
        return fail('BAD_INPUT', `${method}: ${describeZodError(parsed.error)}`);
      }
      try {
        const handler = handlers[method] as (a: unknown, c: CallContext) => unknown;
        const value = await handler(parsed.data, ctx);
        const checked = spec.output.safeParse(value);
        if (!checked.success) {
          logger.error(
            { method, issues: describeZodError(checked.error) },
            'handler output broke the contract',
          );
          return fail('INTERNAL', `${method} failed; see the studio log`);
        }
        return ok(checked.data);
      } catch (error) {
        if (error instanceof StudioError) return fail(error.code, error.message);
        logger.error({ method, err: error }, 'handler failed');
        return fail('INTERNAL', `${method} failed; see the studio log`);
      }
    },
  };
}
