import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '../../../../shared/contract/analytics-api';
import type { MethodOutput } from '../../../../shared/contract/studio-api';
import { CoursesStep } from './CoursesStep';
import { FileStep } from './FileStep';
import { MappingStep } from './MappingStep';
import { ResultStep } from './ResultStep';
import { RunStep } from './RunStep';
import { STEPS } from './import-wizard-types';
import { useImportWizard } from './use-import-wizard';

// Library → Orders → Import: a file, its columns, its courses, the run, the result. The studio
// reads and checks the file (imports.preview / imports.run, in its import worker); this screen
// only chooses: the mapping, the date order and time zone, which course each title is.
// The steps are one component each (FileStep, MappingStep, CoursesStep, RunStep, ResultStep); the
// state and the calls live in useImportWizard.

export function ImportWizard({
  onClose,
  onFinished,
}: {
  onClose: () => void;
  onFinished: (summary: ImportSummary) => void;
}) {
  const { t } = useTranslation();
  const wizard = useImportWizard(onFinished);
  const {
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
    error,
    busy,
    toCourses,
    run,
    cancel,
    downloadIssues,
  } = wizard;
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), [step]);

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

      {step === 'file' ? <FileStep pick={(picked) => void wizard.pick(picked)} /> : null}

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

      {step === 'run' ? <RunStep progress={progress} /> : null}

      {step === 'result' && summary ? (
        <ResultStep
          summary={summary}
          stored={wizard.storedIssues}
          onDownload={() => void downloadIssues()}
        />
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

export type ImportRunsPage = MethodOutput<'imports.runs'>;
