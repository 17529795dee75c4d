import i18next from 'i18next';
import type { enTranslation, zhCNTranslation } from './resources';

// Compile-time checks of the studio's catalogues (this file is typechecked, never bundled):
// zh-CN has exactly the English keys, and `t` refuses a key the English catalogue lacks.

/** Every leaf key of a catalogue, dotted ("library.courses.errors.title"). */
export type LeafKeys<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafKeys<T[K]>}`;
}[keyof T & string];

type En = LeafKeys<typeof enTranslation>;
type ZhCN = LeafKeys<typeof zhCNTranslation>;

/** `true` when both catalogues have the same keys; otherwise names the missing and extra ones. */
export const ZH_CN_HAS_EXACTLY_THE_ENGLISH_KEYS: [Exclude<En, ZhCN>, Exclude<ZhCN, En>] extends [
  never,
  never,
]
  ? true
  : { missingInZhCN: Exclude<En, ZhCN>; extraInZhCN: Exclude<ZhCN, En> } = true;

export function refusesUnknownKeys(): string {
  // @ts-expect-error -- not a key of the English catalogue: typecheck fails if `t` accepts it
  return i18next.t('library.courses.errors.noSuchKey');
}
