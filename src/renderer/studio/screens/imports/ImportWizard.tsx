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
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), [wizard.step]);

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
          <li key={name} aria-current={name === wizard.step ? 'step' : undefined}>
            {t(`importWizard.steps.${name}`)}
          </li>
        ))}
      </ol>
      {wizard.error ? (
        <p className="error" role="alert" data-testid="import-error">
          {wizard.error}
        </p>
      ) : null}

      {wizard.step === 'file' ? <FileStep pick={(picked) => void wizard.pick(picked)} /> : null}

      {wizard.step === 'mapping' && wizard.file ? (
        <MappingStep
          file={wizard.file}
          preview={wizard.preview}
          previewError={wizard.previewError}
          source={wizard.source}
          onSource={wizard.setSource}
          encoding={wizard.encoding}
          onEncoding={wizard.setEncoding}
          onColumn={(field, column) => wizard.setColumns((c) => ({ ...c, [field]: column }))}
          dateOrder={wizard.dateOrder}
          onDateOrder={wizard.setDateOrder}
          timeZone={wizard.timeZone}
          onTimeZone={wizard.setTimeZone}
          zoneOk={wizard.zoneOk}
          workspaceZone={wizard.workspaceZone}
          saveZone={wizard.saveZone}
          onSaveZone={wizard.setSaveZone}
        />
      ) : null}

      {wizard.step === 'courses' && wizard.matches ? (
        <CoursesStep
          matches={wizard.matches}
          choices={wizard.choices}
          onChoice={(title, choice) => wizard.setChoices((c) => ({ ...c, [title]: choice }))}
          newCurrency={wizard.newCurrency}
          onNewCurrency={wizard.setNewCurrency}
        />
      ) : null}

      {wizard.step === 'run' ? <RunStep progress={wizard.progress} /> : null}

      {wizard.step === 'result' && wizard.summary ? (
        <ResultStep
          summary={wizard.summary}
          stored={wizard.storedIssues}
          onDownload={() => void wizard.downloadIssues()}
        />
      ) : null}

      <div className="wizard-actions">
        {wizard.step === 'mapping' ? (
          <>
            <button type="button" onClick={() => wizard.setStep('file')}>
              {t('importWizard.back')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={
                wizard.busy ||
                !wizard.preview ||
                wizard.preview.problem !== null ||
                !wizard.zoneOk ||
                wizard.source.trim() === ''
              }
              onClick={() => void wizard.toCourses()}
              data-testid="import-next"
            >
              {t('importWizard.next')}
            </button>
          </>
        ) : null}
        {wizard.step === 'courses' ? (
          <>
            <button type="button" onClick={() => wizard.setStep('mapping')} disabled={wizard.busy}>
              {t('importWizard.back')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={wizard.busy}
              onClick={() => void wizard.run()}
              data-testid="import-start"
            >
              {t('importWizard.start')}
            </button>
          </>
        ) : null}
        {wizard.step === 'run' ? (
          <button
            type="button"
            onClick={wizard.cancel}
            disabled={wizard.runId === null}
            data-testid="import-cancel"
          >
            {t('importWizard.cancel')}
          </button>
        ) : null}
        {wizard.step !== 'run' ? (
          <button type="button" onClick={onClose} data-testid="import-close">
            {t('importWizard.close')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

export type ImportRunsPage = MethodOutput<'imports.runs'>;
