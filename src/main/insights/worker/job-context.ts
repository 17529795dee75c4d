import type { Language } from '../../../shared/model/domain';

/** What a job is told about its caller, and how it reports progress and notices a cancel. */
export interface JobContext {
  /** The moment the report is made (epoch ms): the end of the calibration period. */
  readonly now: number;
  /** The caller's language, for sentences (insights, reasons). */
  readonly language: Language;
  progress(phase: string, done: number, total: number): void;
  /** Throws JobCancelledError once the job has been cancelled; call it between steps. */
  checkpoint(): void;
}

export class JobCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelledError';
  }
}

/** A context for running a job in-process (the CLI, tests): no progress, never cancelled. */
export function inProcessContext(
  now: number,
  language: Language = 'en',
  onProgress?: (phase: string, done: number, total: number) => void,
): JobContext {
  return {
    now,
    language,
    progress: (phase, done, total) => onProgress?.(phase, done, total),
    checkpoint: () => undefined,
  };
}

/** A method's output as a job returns it: the caller adds the job id. */
export type WithoutJob<T> = Omit<T, 'jobId'>;
