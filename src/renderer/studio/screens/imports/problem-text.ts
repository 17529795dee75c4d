import type { TFunction } from 'i18next';
import { IMPORT_FIELDS, type ImportField } from '../../../../shared/contract/import-mapping';
import type { ImportProblem } from '../../../../shared/contract/import-problems';

function isField(key: string): key is ImportField {
  return (IMPORT_FIELDS as readonly string[]).includes(key);
}

/**
 * Why a file or a roster row cannot be imported, in the studio's language: the code's message
 * with its column roles named as the mapping step names them. Without a code (an older core),
 * the engine's English sentence is shown as it is.
 */
export function problemText(
  problem: ImportProblem | null | undefined,
  english: string,
  t: TFunction,
  locale: string,
): string {
  if (!problem) return english;
  const role = (key: string): string =>
    key === 'amount'
      ? t('importProblem.amountColumn')
      : isField(key)
        ? t(`importWizard.fields.${key}`)
        : key;
  const params: Record<string, string | number> = { ...problem.params };
  if (typeof params.field === 'string') params.field = role(params.field);
  if (typeof params.missing === 'string') {
    const roles = params.missing.split(',').map(role);
    params.missing = new Intl.ListFormat(locale, { type: 'conjunction' }).format(roles);
  }
  return t(`importProblem.codes.${problem.code}`, params);
}

/** A roster row's problems, each in the studio's language, joined as the import reasons are. */
export function problemsText(
  row: { problems: readonly string[]; reasons?: readonly ImportProblem[] | undefined },
  t: TFunction,
  locale: string,
): string {
  if (!row.reasons || row.reasons.length !== row.problems.length) return row.problems.join('; ');
  return row.reasons
    .map((reason, at) => problemText(reason, row.problems[at] ?? '', t, locale))
    .join(t('importIssue.separator'));
}
