import { IMPORT_ISSUES_SHOWN } from '../../shared/contract/analytics-api';
import type { MethodArgs, MethodOutput } from '../../shared/contract/studio-api';
import { englishProblem, type ImportProblem } from '../../shared/contract/import-problems';
import { clip } from './limits';
import type { ImportMapping } from './mapping';
import { RowParser, type ImportIssue } from './parse-rows';
import { resolveMapping } from './presets';
import { HEADER_SEARCH_ROWS } from './read-import';
import { openSource, type SourceRow } from './read-source';
import type { CellValue } from './values';

// imports.preview without a database: the header, the preset and mapping it resolves to, and what
// the first rows would import as. Runs in the import worker thread (worker/import-jobs.ts). Cells
// are cut to SHOWN_CELL_CHARS characters: a preview shows what a column holds, never a whole cell.

export type PreviewInput = Pick<MethodArgs<'imports.preview'>, 'format' | 'preset' | 'rows'> & {
  file: string;
  mapping?: ImportMapping | undefined;
  /** The workspace's IANA time zone (settings.timeZone; default UTC), never the machine's. */
  timeZone?: string | undefined;
  allTitles?: boolean | undefined;
};

/** Distinct titles listed by `allTitles` at most. */
export const PREVIEW_TITLES_MAX = 500;

export type PreviewOutput = MethodOutput<'imports.preview'>;

function cellText(cell: CellValue): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString();
  return typeof cell === 'string' ? cell : String(cell);
}

/** Throws ImportError when the file cannot be read at all. */
export async function previewImport(
  input: PreviewInput,
  checkpoint: () => void = () => undefined,
): Promise<PreviewOutput> {
  const { mapping } = input;
  const opened = await openSource({
    file: input.file,
    format: input.format,
    mapping,
    unclosedQuotes: 'reject-line',
  });
  const workspace = { utcOffsetMinutes: 0, timeZone: input.timeZone ?? 'UTC' };
  const titles = new Set<string>();
  let titleColumns: number[] = [];
  const addTitle = (row: SourceRow): void => {
    for (const index of titleColumns) {
      const cell = row.cells[index];
      const text = cell === undefined ? '' : cellText(cell).replace(/\s+/g, ' ').trim();
      if (text !== '') {
        if (titles.size < PREVIEW_TITLES_MAX) titles.add(text);
        return;
      }
    }
  };
  const candidates: SourceRow[] = [];
  const rows: SourceRow[] = [];
  let header: SourceRow | null = null;
  let parser: RowParser | null = null;
  let problem: ImportProblem | null = null;
  let resolvedPreset: PreviewOutput['preset'] = null;
  let confidence: number | null = null;
  let columns: Record<string, string[]> = {};
  for await (const row of opened.rows) {
    checkpoint();
    if (header === null) {
      candidates.push(row);
      const resolution = resolveMapping(row.cells.map(cellText), mapping, input.preset, workspace);
      if (resolution.ok) {
        header = row;
        parser = RowParser.create(resolution.value);
        resolvedPreset = resolution.value.preset;
        confidence = resolution.value.confidence;
        columns = Object.fromEntries(Object.entries(resolution.value.columnNames));
        titleColumns = resolution.value.columns.itemTitle ?? [];
        problem = null;
        continue;
      }
      problem ??= resolution.reason;
      if (candidates.length >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    if (rows.length < input.rows) {
      rows.push(row);
      parser?.add(row);
    }
    if (input.allTitles) addTitle(row);
    else if (rows.length >= input.rows) break;
  }
  const orders = parser ? parser.finish().length : 0;
  const issues: ImportIssue[] = parser ? [...parser.issues] : [];
  const shown = header ?? candidates[0] ?? null;
  return {
    format: opened.format === 'xlsx' ? 'xlsx' : 'csv',
    encoding: opened.encoding,
    encodingSource: opened.encodingSource,
    ...(input.allTitles ? { titles: [...titles] } : {}),
    headerLine: header?.line ?? null,
    header: shown ? shown.cells.map((cell) => clip(cellText(cell))) : [],
    preset: resolvedPreset,
    presetConfidence: confidence,
    ...problemFields(header ? null : (problem ?? { code: 'no-rows', params: {} })),
    columns,
    rows: (header ? rows : candidates.slice(1)).map((r) => ({
      line: r.line,
      cells: r.cells.map((cell) => clip(cellText(cell))),
    })),
    issues: issues.slice(0, IMPORT_ISSUES_SHOWN).map((i) => ({ ...i })),
    orders,
  };
}

/** A problem as the preview carries it: the English sentence and its code for the studio. */
function problemFields(problem: ImportProblem | null): {
  problem: string | null;
  problemReason: ImportProblem | null;
} {
  return { problem: problem && englishProblem(problem), problemReason: problem };
}
