import type { ImportMapping } from '../../../../shared/contract/analytics-api';
import type { CourseId } from '../../../../shared/model/ids';

// The import wizard's shared types and constants (ImportWizard.tsx and its step components).

export type Step = 'file' | 'mapping' | 'courses' | 'run' | 'result';
export const STEPS: readonly Step[] = ['file', 'mapping', 'courses', 'run', 'result'];
export type Encoding = NonNullable<ImportMapping['encoding']>;
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'];
export type DateOrderChoice = 'none' | 'DMY' | 'MDY';
/** A title's course: leave it unlinked, create a course of that title, or this course. */
export type CourseChoice = 'leave' | 'create' | CourseId;
export const PREVIEW_ROWS = 10;
export const COMMON_ZONES = [
  'UTC',
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Australia/Sydney',
];

export interface PickedFile {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export type Progress = {
  phase: 'read' | 'write' | 'done';
  rowsRead: number;
  rowsWritten: number;
  total?: number | undefined;
};
