import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IMPORT_BYTES_MAX,
  type ImportMapping,
  type ImportPreview,
  type ImportSummary,
} from '../../../../shared/contract/analytics-api';
import type { CourseMatch } from '../../../../shared/contract/import-wizard-api';
import {
  IMPORT_FIELDS,
  isTimeZoneName,
  type ImportField,
} from '../../../../shared/contract/import-mapping';
import type { MethodOutput } from '../../../../shared/contract/studio-api';
import type { CourseId } from '../../../../shared/model/ids';
import { downloadText } from '../../../common/download';
import { formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { issuesCsv, issuesFileName } from './import-csv';

// Library → Orders → Import: a file, its columns, its courses, the run, the result. The studio
// reads and checks the file (imports.preview / imports.run, in its import worker); this screen
// only chooses: the mapping, the date order and time zone, which course each title is.

type Step = 'file' | 'mapping' | 'courses' | 'run' | 'result';
const STEPS: readonly Step[] = ['file', 'mapping', 'courses', 'run', 'result'];
type Encoding = NonNullable<ImportMapping['encoding']>;
const ENCODINGS: readonly Encoding[] = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'];
type DateOrderChoice = 'none' | 'DMY' | 'MDY';
/** A title's course: leave it unlinked, create a course of that title, or this course. */
type CourseChoice = 'leave' | 'create' | CourseId;
const PREVIEW_ROWS = 10;
const COMMON_ZONES = [
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

interface PickedFile {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

type Progress = {
  phase: 'read' | 'write' | 'done';
  rowsRead: number;
  rowsWritten: number;
  total?: number | undefined;
};

export function ImportWizard({
  onClose,
  onFinished,
}: {
  onClose: () => void;
  onFinished: (summary: ImportSummary) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [source, setSource] = useState('');
  const [encoding, setEncoding] = useState<Encoding | 'auto'>('auto');
  const [columns, setColumns] = useState<Partial<Record<ImportField, string | null>>>({});
  const [dateOrder, setDateOrder] = useState<DateOrderChoice>('none');
  const [workspaceZone, setWorkspaceZone] = useState('UTC');
  const [timeZone, setTimeZone] = useState('UTC');
  const [saveZone, setSaveZone] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [matches, setMatches] = useState<CourseMatch[] | null>(null);
  const [choices, setChoices] = useState<Record<string, CourseChoice>>({});
  const [newCurrency, setNewCurrency] = useState('CNY');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    client.invoke('settings.get', {}).then(
      (settings) => {
        const zone = settings.timeZone ?? 'UTC';
        setWorkspaceZone(zone);
        setTimeZone(zone);
      },
      () => undefined,
    );
  }, [client]);

  useEffect(() => heading.current?.focus(), [step]);

  useEffect(
    () =>
      client.on('import.progress', (p) => {
        setRunId(p.runId);
        setProgress(p);
      }),
    [client],
  );

  const zoneOk = isTimeZoneName(timeZone.trim());
  const mapping = useMemo((): ImportMapping => {
    const result: ImportMapping = {};
    if (Object.keys(columns).length > 0) result.columns = columns;
    if (dateOrder !== 'none') result.dateOrder = dateOrder;
    if (zoneOk) result.timeZone = timeZone.trim();
    if (encoding !== 'auto') result.encoding = encoding;
    return result;
  }, [columns, dateOrder, timeZone, zoneOk, encoding]);

  // The live preview: again whenever the file or the mapping changes.
  const mappingKey = JSON.stringify(mapping);
  useEffect(() => {
    if (!file || step !== 'mapping') return;
    let current = true;
    client
      .invoke('imports.preview', {
        fileName: file.name,
        bytes: file.bytes,
        mapping,
        rows: PREVIEW_ROWS,
      })
      .then(
        (result) => {
          if (!current) return;
          setPreview(result);
          setPreviewError(null);
          if (source === '' && result.preset !== null) setSource(result.preset);
          if (result.preset === 'xiaoe-tech') setNewCurrency('CNY');
        },
        (e: unknown) => {
          if (current) setPreviewError(e instanceof Error ? e.message : String(e));
        },
      );
    return () => {
      current = false;
    };
    // `mapping` is named by mappingKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, file, mappingKey, step]);

  const pick = async (picked: File | undefined): Promise<void> => {
    if (!picked) return;
    setError(null);
    if (picked.size > IMPORT_BYTES_MAX) {
      setError(t('importWizard.tooLarge', { mb: IMPORT_BYTES_MAX / 1024 / 1024 }));
      return;
    }
    const bytes = new Uint8Array(await picked.arrayBuffer());
    setFile({ name: picked.name, bytes });
    setColumns({});
    setPreview(null);
    setMatches(null);
    setStep('mapping');
  };

  const toCourses = async (): Promise<void> => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const all = await client.invoke('imports.preview', {
        fileName: file.name,
        bytes: file.bytes,
        mapping,
        rows: 1,
        allTitles: true,
      });
      const found = await client.invoke('imports.courseMatches', { titles: all.titles ?? [] });
      setMatches(found);
      setChoices((previous) => {
        const next: Record<string, CourseChoice> = {};
        for (const match of found) {
          next[match.title] = previous[match.title] ?? match.courseId ?? 'leave';
        }
        return next;
      });
      setStep('courses');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const run = async (): Promise<void> => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setProgress(null);
    setRunId(null);
    setStep('run');
    try {
      if (saveZone && zoneOk) await client.invoke('settings.update', { timeZone: timeZone.trim() });
      const links: { title: string; courseId: CourseId }[] = [];
      for (const match of matches ?? []) {
        const choice = choices[match.title] ?? 'leave';
        if (match.courseId !== null || choice === 'leave') continue;
        if (choice === 'create') {
          // A course of exactly this title: the importer links it by its title.
          await client.invoke('course.create', {
            title: match.title.slice(0, 200),
            priceMinor: 0,
            currency: newCurrency,
          });
        } else {
          links.push({ title: match.title, courseId: choice });
        }
      }
      if (links.length > 0) await client.invoke('imports.confirmCourses', { links });
      const result = await client.invoke('imports.run', {
        fileName: file.name,
        bytes: file.bytes,
        source: source.trim(),
        mapping,
      });
      setSummary(result);
      setStep('result');
      onFinished(result);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setStep('courses');
    } finally {
      setBusy(false);
    }
  };

  const cancel = (): void => {
    if (runId !== null) void client.invoke('imports.cancel', { runId });
  };

  const downloadIssues = async (): Promise<void> => {
    if (!summary) return;
    const stored = await client.invoke('imports.issues', { runId: summary.runId });
    downloadText(
      issuesFileName(file?.name ?? stored.fileName),
      issuesCsv(
        stored.issues,
        {
          line: t('importWizard.line'),
          kind: t('importWizard.kind'),
          order: t('importWizard.orderNumber'),
          reason: t('importWizard.reason'),
        },
        (kind) => t(`importWizard.kinds.${kind}`),
      ),
    );
  };

  return (
    <section
      className="import-wizard"
      aria-labelledby="import-wizard-title"
      data-testid="import-wizard"
    >
      <h3 id="import-wizard-title" ref={heading} tabIndex={-1}>
        {t('importWizard.title')}
      </h3>
      <ol className="wizard-steps" aria-label={t('importWizard.stepsLabel')}>
        {STEPS.map((name) => (
          <li key={name} aria-current={name === step ? 'step' : undefined}>
            {t(`importWizard.steps.${name}`)}
          </li>
        ))}
      </ol>
      {error ? (
        <p className="error" role="alert" data-testid="import-error">
          {error}
        </p>
      ) : null}

      {step === 'file' ? (
        <div
          className={over ? 'drop-zone over' : 'drop-zone'}
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(event) => {
            event.preventDefault();
            setOver(false);
            void pick(event.dataTransfer.files[0]);
          }}
        >
          <label>
            {t('importWizard.pick')}{' '}
            <input
              type="file"
              accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              data-testid="import-file"
              onChange={(event) => void pick(event.target.files?.[0])}
            />
          </label>
          <p className="muted">{t('importWizard.drop')}</p>
        </div>
      ) : null}

      {step === 'mapping' && file ? (
        <MappingStep
          file={file}
          preview={preview}
          previewError={previewError}
          source={source}
          onSource={setSource}
          encoding={encoding}
          onEncoding={setEncoding}
          onColumn={(field, column) => setColumns((c) => ({ ...c, [field]: column }))}
          dateOrder={dateOrder}
          onDateOrder={setDateOrder}
          timeZone={timeZone}
          onTimeZone={setTimeZone}
          zoneOk={zoneOk}
          workspaceZone={workspaceZone}
          saveZone={saveZone}
          onSaveZone={setSaveZone}
        />
      ) : null}

      {step === 'courses' && matches ? (
        <CoursesStep
          matches={matches}
          choices={choices}
          onChoice={(title, choice) => setChoices((c) => ({ ...c, [title]: choice }))}
          newCurrency={newCurrency}
          onNewCurrency={setNewCurrency}
        />
      ) : null}

      {step === 'run' ? (
        <div role="status" data-testid="import-progress">
          <p>{t('importWizard.running')}</p>
          {progress ? (
            <>
              <progress
                max={progress.total ?? 1}
                value={progress.phase === 'write' ? progress.rowsWritten : undefined}
              />
              <p className="muted">
                {progress.phase === 'write'
                  ? t('importWizard.progressWrite', {
                      done: formatNumber(progress.rowsWritten, locale),
                      total: formatNumber(progress.total ?? 0, locale),
                    })
                  : t('importWizard.progressRead', {
                      rows: formatNumber(progress.rowsRead, locale),
                    })}
              </p>
            </>
          ) : null}
        </div>
      ) : null}

      {step === 'result' && summary ? (
        <ResultStep summary={summary} onDownload={() => void downloadIssues()} />
      ) : null}

      <div className="wizard-actions">
        {step === 'mapping' ? (
          <>
            <button type="button" onClick={() => setStep('file')}>
              {t('importWizard.back')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={
                busy || !preview || preview.problem !== null || !zoneOk || source.trim() === ''
              }
              onClick={() => void toCourses()}
              data-testid="import-next"
            >
              {t('importWizard.next')}
            </button>
          </>
        ) : null}
        {step === 'courses' ? (
          <>
            <button type="button" onClick={() => setStep('mapping')} disabled={busy}>
              {t('importWizard.back')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void run()}
              data-testid="import-start"
            >
              {t('importWizard.start')}
            </button>
          </>
        ) : null}
        {step === 'run' ? (
          <button
            type="button"
            onClick={cancel}
            disabled={runId === null}
            data-testid="import-cancel"
          >
            {t('importWizard.cancel')}
          </button>
        ) : null}
        {step !== 'run' ? (
          <button type="button" onClick={onClose} data-testid="import-close">
            {t('importWizard.close')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function MappingStep(props: {
  file: PickedFile;
  preview: ImportPreview | null;
  previewError: string | null;
  source: string;
  onSource: (source: string) => void;
  encoding: Encoding | 'auto';
  onEncoding: (encoding: Encoding | 'auto') => void;
  onColumn: (field: ImportField, column: string | null) => void;
  dateOrder: DateOrderChoice;
  onDateOrder: (order: DateOrderChoice) => void;
  timeZone: string;
  onTimeZone: (zone: string) => void;
  zoneOk: boolean;
  workspaceZone: string;
  saveZone: boolean;
  onSaveZone: (save: boolean) => void;
}) {
  const { t } = useTranslation();
  const { preview } = props;
  const header = preview?.header ?? [];
  const mapped = IMPORT_FIELDS.filter((field) => (preview?.columns[field]?.length ?? 0) > 0);
  const issuesByLine = new Map<number, string[]>();
  for (const issue of preview?.issues ?? []) {
    issuesByLine.set(issue.line, [...(issuesByLine.get(issue.line) ?? []), issue.reason]);
  }
  const encodingText =
    preview === null
      ? ''
      : preview.format === 'xlsx' || preview.encoding === null
        ? t('importWizard.encodings.xlsx')
        : `${t(`importWizard.encodings.${preview.encoding}`)} (${
            preview.encodingSource === 'bom'
              ? t('importWizard.encodingBom')
              : preview.encodingSource === 'option'
                ? t('importWizard.encodingChosen')
                : t('importWizard.encodingDetected')
          })`;

  return (
    <div data-testid="import-mapping">
      <dl className="wizard-facts">
        <dt>{t('importWizard.file')}</dt>
        <dd>{props.file.name}</dd>
        <dt>{t('importWizard.encoding')}</dt>
        <dd data-testid="import-encoding">{encodingText}</dd>
        <dt>{t('importWizard.preset')}</dt>
        <dd data-testid="import-preset">
          {preview?.preset
            ? t('importWizard.presetGuess', {
                preset: t(`importWizard.presets.${preview.preset}`),
                confidence: Math.round((preview.presetConfidence ?? 1) * 100),
              })
            : t('importWizard.presetNone')}
          {preview?.headerLine ? (
            <span className="muted">
              {' '}
              · {t('importWizard.headerLine', { line: preview.headerLine })}
            </span>
          ) : null}
        </dd>
      </dl>
      <div className="wizard-grid">
        <label>
          {t('importWizard.source')}
          <input
            value={props.source}
            maxLength={40}
            onChange={(event) => props.onSource(event.target.value)}
            data-testid="import-source"
          />
          <span className="muted">{t('importWizard.sourceHint')}</span>
        </label>
        <label>
          {t('importWizard.encoding')}
          <select
            value={props.encoding}
            onChange={(event) => props.onEncoding(event.target.value as Encoding | 'auto')}
          >
            <option value="auto">{t('importWizard.encodingAuto')}</option>
            {ENCODINGS.map((name) => (
              <option key={name} value={name}>
                {t(`importWizard.encodings.${name}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('importWizard.dateOrder')}
          <select
            value={props.dateOrder}
            onChange={(event) => props.onDateOrder(event.target.value as DateOrderChoice)}
            data-testid="import-date-order"
          >
            {(['none', 'DMY', 'MDY'] as const).map((order) => (
              <option key={order} value={order}>
                {t(`importWizard.dateOrders.${order}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('importWizard.timeZone')}
          <input
            value={props.timeZone}
            list="import-time-zones"
            onChange={(event) => props.onTimeZone(event.target.value)}
            aria-invalid={!props.zoneOk}
            data-testid="import-time-zone"
          />
          <datalist id="import-time-zones">
            {COMMON_ZONES.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          {props.zoneOk ? (
            <span className="muted">
              {t('importWizard.timeZoneHint', { zone: props.workspaceZone })}
            </span>
          ) : (
            <span className="field-error">{t('importWizard.badTimeZone')}</span>
          )}
        </label>
        {props.zoneOk && props.timeZone.trim() !== props.workspaceZone ? (
          <label className="toggle">
            <input
              type="checkbox"
              checked={props.saveZone}
              onChange={(event) => props.onSaveZone(event.target.checked)}
            />
            {t('importWizard.saveTimeZone')}
          </label>
        ) : null}
      </div>

      {props.previewError ? (
        <p className="error" role="alert" data-testid="import-preview-error">
          {props.previewError}
        </p>
      ) : null}
      {preview?.problem ? (
        <p className="error" role="alert">
          {t('importWizard.cannotImport', { problem: preview.problem })}
        </p>
      ) : null}

      {header.length > 0 ? (
        <fieldset className="wizard-columns" data-testid="import-columns">
          <legend>{t('importWizard.column')}</legend>
          {IMPORT_FIELDS.map((field) => (
            <label key={field}>
              {t(`importWizard.fields.${field}`)}
              <select
                value={preview?.columns[field]?.[0] ?? ''}
                onChange={(event) =>
                  props.onColumn(field, event.target.value === '' ? null : event.target.value)
                }
                data-testid={`import-column-${field}`}
              >
                <option value="">{t('importWizard.notMapped')}</option>
                {header
                  .filter((name) => name !== '')
                  .map((name, index) => (
                    <option key={`${name}-${String(index)}`} value={name}>
                      {name}
                    </option>
                  ))}
              </select>
            </label>
          ))}
        </fieldset>
      ) : null}

      {preview && preview.rows.length > 0 ? (
        <>
          <h4>
            {t('importWizard.previewTitle')}{' '}
            <span className="muted">
              {t('importWizard.previewOrders', { count: preview.orders })}
            </span>
          </h4>
          <div className="table-scroll">
            <table className="data-table" data-testid="import-preview">
              <thead>
                <tr>
                  <th scope="col">{t('importWizard.line')}</th>
                  <th scope="col" className="problem-column">
                    {t('importWizard.problem')}
                  </th>
                  {mapped.map((field) => (
                    <th key={field} scope="col">
                      {t(`importWizard.fields.${field}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => {
                  const problems = issuesByLine.get(row.line);
                  return (
                    <tr key={row.line}>
                      <td className="num">{row.line}</td>
                      <td
                        className={problems ? 'issue-cell problem-column' : 'muted problem-column'}
                      >
                        {problems ? problems.join('; ') : t('importWizard.ok')}
                      </td>
                      {mapped.map((field) => {
                        const at = header.indexOf(preview.columns[field]?.[0] ?? '');
                        return <td key={field}>{at >= 0 ? (row.cells[at] ?? '') : ''}</td>;
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}

function CoursesStep(props: {
  matches: readonly CourseMatch[];
  choices: Readonly<Record<string, CourseChoice>>;
  onChoice: (title: string, choice: CourseChoice) => void;
  newCurrency: string;
  onNewCurrency: (currency: string) => void;
}) {
  const { t } = useTranslation();
  const creating = Object.values(props.choices).includes('create');
  if (props.matches.length === 0) return <p className="muted">{t('importWizard.coursesNone')}</p>;
  return (
    <div data-testid="import-courses">
      <h4>{t('importWizard.coursesTitle')}</h4>
      <p className="muted">{t('importWizard.coursesHint')}</p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('importWizard.courseTitle')}</th>
              <th scope="col">{t('importWizard.courseLink')}</th>
            </tr>
          </thead>
          <tbody>
            {props.matches.map((match) => (
              <tr key={match.title}>
                <th scope="row">{match.title}</th>
                <td>
                  {match.courseId !== null ? (
                    <span data-testid="course-linked">
                      ✓ {match.via === 'alias' ? t('importWizard.alias') : t('importWizard.exact')}
                    </span>
                  ) : (
                    <select
                      aria-label={match.title}
                      value={String(props.choices[match.title] ?? 'leave')}
                      onChange={(event) => {
                        const value = event.target.value;
                        props.onChoice(
                          match.title,
                          value === 'leave' || value === 'create'
                            ? value
                            : (Number(value) as CourseId),
                        );
                      }}
                      data-testid="course-choice"
                    >
                      <option value="leave">{t('importWizard.leave')}</option>
                      {match.candidates.map((candidate) => (
                        <option key={candidate.courseId} value={String(candidate.courseId)}>
                          {t('importWizard.closeMatch', {
                            title: candidate.title,
                            score: Math.round(candidate.score * 100),
                          })}
                        </option>
                      ))}
                      <option value="create">
                        {t('importWizard.create', { title: match.title })}
                      </option>
                    </select>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {creating ? (
        <div className="wizard-grid">
          <label>
            {t('importWizard.newCurrency')}
            <input
              value={props.newCurrency}
              maxLength={3}
              onChange={(event) => props.onNewCurrency(event.target.value.toUpperCase())}
            />
            <span className="muted">{t('importWizard.newCoursesNote')}</span>
          </label>
        </div>
      ) : null}
    </div>
  );
}

function ResultStep({ summary, onDownload }: { summary: ImportSummary; onDownload: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const counts: [string, number][] = [
    ['imported', summary.ordersImported],
    ['updated', summary.ordersUpdated],
    ['duplicates', summary.ordersUnchanged],
    ['refunds', (summary.ordersRefunded ?? 0) + summary.refundsMatched + summary.refundsUnmatched],
    ['unmatched', summary.ordersUnmatched],
    ['learnersCreated', summary.learnersCreated],
    ['badRows', summary.rowsRejected],
  ];
  const total = summary.errorCount + summary.warningCount;
  return (
    <div data-testid="import-result">
      {summary.status === 'cancelled' ? (
        <p className="notice">{t('importWizard.cancelled')}</p>
      ) : null}
      <ul className="wizard-counts">
        {counts.map(([key, value]) => (
          <li key={key} data-testid={`import-count-${key}`}>
            <strong>{formatNumber(value, locale)}</strong>
            <span className="muted">{t(`importWizard.${key}`)}</span>
          </li>
        ))}
      </ul>
      <div className="orders-toolbar">
        <h4>{t('importWizard.badRowsTitle')}</h4>
        {total > 0 ? (
          <button type="button" onClick={onDownload} data-testid="import-download-issues">
            {t('importWizard.badRowsCsv')}
          </button>
        ) : null}
      </div>
      {total === 0 ? (
        <p className="muted">{t('importWizard.noBadRows')}</p>
      ) : (
        <>
          {summary.issues.length < total ? (
            <p className="muted">
              {t('importWizard.moreIssues', { shown: summary.issues.length, total })}
            </p>
          ) : null}
          <div className="table-scroll">
            <table className="data-table" data-testid="import-issues">
              <thead>
                <tr>
                  <th scope="col">{t('importWizard.line')}</th>
                  <th scope="col">{t('importWizard.kind')}</th>
                  <th scope="col">{t('importWizard.orderNumber')}</th>
                  <th scope="col">{t('importWizard.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.issues.map((issue, index) => (
                  <tr key={`${String(issue.line)}-${String(index)}`}>
                    <td className="num">{issue.line}</td>
                    <td className="nowrap">{t(`importWizard.kinds.${issue.kind}`)}</td>
                    <td>{issue.orderId ?? ''}</td>
                    <td>{issue.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

export type ImportRunsPage = MethodOutput<'imports.runs'>;
