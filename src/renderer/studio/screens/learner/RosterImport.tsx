import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ROSTER_FIELDS,
  type RosterField,
  type RosterMapping,
  type RosterPreview,
  type RosterResult,
} from '../../../../shared/contract/roster-api';
import { formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { problemsText, problemText } from '../imports/problem-text';

// Library → Learners → Import roster: pick or drop a CSV/XLSX, check the columns the core detected
// (and change them), see how the first rows read, run, and read what happened: new learners,
// merged ones, conflicts (nothing overwritten) and bad rows with their line in the file.

const PREVIEW_ROWS = 10;

interface Chosen {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

function yesNo(value: boolean | null, t: (key: 'roster.yes' | 'roster.no') => string): string {
  return value === null ? '' : value ? t('roster.yes') : t('roster.no');
}

export function RosterImport({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const [file, setFile] = useState<Chosen | null>(null);
  const [mapping, setMapping] = useState<RosterMapping>({});
  const [platform, setPlatform] = useState('');
  const [country, setCountry] = useState('');
  const [preview, setPreview] = useState<RosterPreview | null>(null);
  const [result, setResult] = useState<RosterResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const options = (next: { mapping?: RosterMapping; country?: string }) => {
    const code = (next.country ?? country).trim();
    const map = next.mapping ?? mapping;
    return {
      ...(Object.keys(map).length > 0 ? { mapping: map } : {}),
      ...(code ? { defaultCountryCode: code } : {}),
    };
  };

  // A preview does not make the studio busy: leaving the country field by clicking Import starts
  // a preview on mousedown, and a button disabled by it swallowed that click. The import reads
  // the mapping and country as they are, whatever the preview on screen.
  const load = async (chosen: Chosen, next: { mapping?: RosterMapping; country?: string }) => {
    setError(null);
    try {
      setPreview(
        await client.invoke('roster.preview', {
          fileName: chosen.name,
          bytes: chosen.bytes,
          rows: PREVIEW_ROWS,
          ...options(next),
        }),
      );
    } catch (e) {
      setPreview(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const choose = async (picked: File | undefined) => {
    if (!picked) return;
    const chosen = { name: picked.name, bytes: new Uint8Array(await picked.arrayBuffer()) };
    setFile(chosen);
    setMapping({});
    setResult(null);
    await load(chosen, { mapping: {} });
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    void choose(event.dataTransfer.files[0]);
  };

  const setColumn = (field: RosterField, value: string) => {
    const next = { ...mapping, [field]: value === '' ? null : Number(value) };
    setMapping(next);
    if (file) void load(file, { mapping: next });
  };

  const run = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await client.invoke('roster.import', {
          fileName: file.name,
          bytes: file.bytes,
          ...options({}),
          ...(platform.trim() ? { platform: platform.trim() } : {}),
        }),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const n = (value: number) => formatNumber(value, locale);
  const needsPlatform =
    preview?.columns.platformId !== null && preview?.columns.platformId !== undefined;

  return (
    <section
      className="card roster-import"
      aria-labelledby="roster-title"
      data-testid="roster-import"
    >
      <div className="column-head">
        <h2 id="roster-title">{t('roster.title')}</h2>
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          {t('roster.close')}
        </button>
      </div>
      <p className="muted">{t('roster.explain')}</p>
      <label
        className="drop-zone"
        onDragOver={(event) => event.preventDefault()}
        onDrop={onDrop}
        data-testid="roster-drop"
      >
        <span>{file ? file.name : t('roster.drop')}</span>
        <input
          type="file"
          accept=".csv,.xlsx,text/csv"
          onChange={(event) => void choose(event.target.files?.[0])}
          data-testid="roster-file"
        />
      </label>
      {error ? (
        <p className="error" role="alert">
          {t('app.error', { message: error })}
        </p>
      ) : null}
      {preview ? (
        <>
          <p className="muted" data-testid="roster-read-as">
            {t('roster.readAs', {
              format: preview.format.toUpperCase(),
              encoding: preview.encoding ?? '—',
              line: preview.headerLine ?? '—',
            })}
          </p>
          {preview.problem ? (
            <p className="error">
              {problemText(preview.problemReason, preview.problem, t, i18n.language)}
            </p>
          ) : null}
          <div className="roster-mapping">
            {ROSTER_FIELDS.map((field) => (
              <label key={field}>
                <span>{t(`roster.field.${field}`)}</span>
                <select
                  value={preview.columns[field] ?? ''}
                  onChange={(event) => setColumn(field, event.target.value)}
                  data-testid={`roster-map-${field}`}
                >
                  <option value="">{t('roster.notImported')}</option>
                  {preview.header.map((name, index) => (
                    <option key={index} value={index}>
                      {name || t('roster.column', { n: index + 1 })}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <label>
              <span>{t('roster.country')}</span>
              <input
                value={country}
                placeholder="86"
                inputMode="numeric"
                onChange={(event) => setCountry(event.target.value)}
                onBlur={() => (file ? void load(file, {}) : undefined)}
                data-testid="roster-country"
              />
            </label>
            {needsPlatform ? (
              <label>
                <span>{t('roster.platform')}</span>
                <input
                  value={platform}
                  placeholder="xiaoe-tech"
                  onChange={(event) => setPlatform(event.target.value)}
                  data-testid="roster-platform"
                />
              </label>
            ) : null}
          </div>
          <div className="table-scroll">
            <table className="data-table" data-testid="roster-preview">
              <thead>
                <tr>
                  <th className="num">{t('roster.line')}</th>
                  {ROSTER_FIELDS.map((field) => (
                    <th key={field}>{t(`roster.field.${field}`)}</th>
                  ))}
                  <th>{t('roster.problems')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.line} className={row.problems.length > 0 ? 'bad-row' : undefined}>
                    <td className="num">{row.line}</td>
                    <td>{row.name}</td>
                    <td>{row.email}</td>
                    <td>{row.phone}</td>
                    <td>{row.platformId}</td>
                    <td>{yesNo(row.consentFollowUp, t)}</td>
                    <td>{yesNo(row.consentLinkPurchases, t)}</td>
                    <td>{problemsText(row, t, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="toolbar">
            <button
              type="button"
              className="primary"
              disabled={busy || preview.problem !== null || (needsPlatform && !platform.trim())}
              onClick={() => void run()}
              data-testid="roster-run"
            >
              {busy ? t('roster.importing') : t('roster.run')}
            </button>
            {needsPlatform && !platform.trim() ? (
              <span className="muted">{t('roster.platformNeeded')}</span>
            ) : null}
          </div>
        </>
      ) : null}
      {result ? (
        <div className="roster-result" data-testid="roster-result">
          <p className="strong">
            {t('roster.result', {
              read: n(result.rowsRead),
              created: n(result.created),
              merged: n(result.merged),
              unchanged: n(result.unchanged),
              conflicted: n(result.conflicted),
              bad: n(result.bad),
            })}
          </p>
          {result.conflicts.length > 0 ? (
            <>
              <h3>{t('roster.conflictsTitle')}</h3>
              <p className="muted">{t('roster.conflictsExplain')}</p>
              <ul data-testid="roster-conflicts">
                {result.conflicts.map((c, i) => (
                  <li key={i}>
                    {t('roster.conflictLine', { line: c.line, name: c.displayName })}{' '}
                    {t(`roster.conflict.${c.problem}`, {
                      field: t(`roster.field.${c.field}`),
                      other: c.other?.displayName ?? '',
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.badRows.length > 0 ? (
            <>
              <h3>{t('roster.badTitle')}</h3>
              <ul data-testid="roster-bad">
                {result.badRows.map((row) => (
                  <li key={row.line}>
                    {t('roster.badLine', {
                      line: row.line,
                      problems: problemsText(row, t, i18n.language),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
