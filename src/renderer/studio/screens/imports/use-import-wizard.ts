import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IMPORT_BYTES_MAX,
  type ImportMapping,
  type ImportPreview,
  type ImportSummary,
} from '../../../../shared/contract/analytics-api';
import type { CourseMatch } from '../../../../shared/contract/import-wizard-api';
import { isTimeZoneName, type ImportField } from '../../../../shared/contract/import-mapping';
import type { CourseId } from '../../../../shared/model/ids';
import { downloadText } from '../../../common/download';
import { useStudio } from '../../api/studio-context';
import { issueText } from './issue-text';
import { issuesCsv, issuesFileName, type IssueRow } from './import-csv';
import {
  PREVIEW_ROWS,
  type CourseChoice,
  type DateOrderChoice,
  type Encoding,
  type PickedFile,
  type Progress,
  type Step,
} from './import-wizard-types';

// The import wizard's state: the file, the mapping, the course choices, the run and its result,
// with the calls to the studio (imports.preview / courseMatches / run / cancel / issues).

export function useImportWizard(onFinished: (summary: ImportSummary) => void) {
  const { t } = useTranslation();
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
  // The run's stored issues carry their reasons as codes, to show in the studio's language.
  const [storedIssues, setStoredIssues] = useState<IssueRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
      setStoredIssues(null);
      if (result.issues.length > 0) {
        client.invoke('imports.issues', { runId: result.runId }).then(
          (stored) => setStoredIssues(stored.issues),
          () => undefined,
        );
      }
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
        (issue) => issueText(issue, t),
      ),
    );
  };

  return {
    step,
    setStep,
    file,
    source,
    setSource,
    encoding,
    setEncoding,
    setColumns,
    dateOrder,
    setDateOrder,
    workspaceZone,
    timeZone,
    setTimeZone,
    saveZone,
    setSaveZone,
    zoneOk,
    preview,
    previewError,
    matches,
    choices,
    setChoices,
    newCurrency,
    setNewCurrency,
    progress,
    runId,
    summary,
    storedIssues,
    error,
    busy,
    pick,
    toCourses,
    run,
    cancel,
    downloadIssues,
  };
}
