import type { CourseMatch } from '../../shared/contract/import-wizard-api';
import type { CourseId } from '../../shared/model/ids';
import type { CatalogueTitle } from '../storage/queries/import-wizard';
import { titleKey } from '../storage/queries/import-wizard';

// Matching the product titles of an export to catalogue courses, for the import wizard. An exact
// match is the one the importer makes by itself (trimmed, case-insensitive, like write-orders.ts),
// or a title the educator confirmed before (course_title_aliases). Without one, the closest
// courses are offered to confirm — never linked silently: "Python 入门" and "Python 进阶" are
// close as strings and different courses.

/** Candidates below this are not offered. */
export const CLOSE_MATCH_MIN = 0.5;
const CANDIDATES_MAX = 3;

/** Folds what exports vary in: width, case, spaces and punctuation (including CJK brackets). */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

function bigrams(text: string): Map<string, number> {
  const chars = Array.from(text);
  const grams = new Map<string, number>();
  if (chars.length === 1) grams.set(text, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = `${chars[i] ?? ''}${chars[i + 1] ?? ''}`;
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/**
 * How alike two titles are, 0..1: the Sørensen–Dice coefficient of their character bigrams after
 * folding; a title that contains the other whole (an export adding "（第2期）") scores at least
 * 0.8; identical after folding scores 1.
 */
export function titleSimilarity(a: string, b: string): number {
  const x = fold(a);
  const y = fold(b);
  if (x === '' || y === '') return 0;
  if (x === y) return 1;
  const gx = bigrams(x);
  const gy = bigrams(y);
  let shared = 0;
  let total = 0;
  for (const n of gx.values()) total += n;
  for (const n of gy.values()) total += n;
  for (const [gram, n] of gx) shared += Math.min(n, gy.get(gram) ?? 0);
  const dice = total === 0 ? 0 : (2 * shared) / total;
  const contains = x.includes(y) || y.includes(x);
  return Math.round(Math.max(dice, contains ? 0.8 : 0) * 100) / 100;
}

export function matchCourseTitles(
  titles: readonly string[],
  catalogue: readonly CatalogueTitle[],
  aliases: ReadonlyMap<string, number>,
): CourseMatch[] {
  const byKey = new Map<string, number>();
  for (const course of catalogue) {
    const key = titleKey(course.title);
    if (!byKey.has(key)) byKey.set(key, course.id);
  }
  const known = new Set(catalogue.map((course) => course.id));
  const seen = new Set<string>();
  const matches: CourseMatch[] = [];
  for (const title of titles) {
    const key = titleKey(title);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    const exact = byKey.get(key);
    if (exact !== undefined) {
      matches.push({ title, courseId: exact as CourseId, via: 'exact', candidates: [] });
      continue;
    }
    const alias = aliases.get(key);
    if (alias !== undefined && known.has(alias)) {
      matches.push({ title, courseId: alias as CourseId, via: 'alias', candidates: [] });
      continue;
    }
    const candidates = catalogue
      .filter((course) => !course.archived)
      .map((course) => ({
        courseId: course.id as CourseId,
        title: course.title,
        score: titleSimilarity(title, course.title),
      }))
      .filter((c) => c.score >= CLOSE_MATCH_MIN)
      .sort((p, q) => q.score - p.score || p.courseId - q.courseId)
      .slice(0, CANDIDATES_MAX);
    matches.push({ title, courseId: null, via: null, candidates });
  }
  return matches;
}
