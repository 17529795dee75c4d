import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../../shared/contract/analytics-api';
import { IMPORT_FIELDS, type ImportField } from '../../../../shared/contract/import-mapping';
import { issueText } from './issue-text';
import { problemText } from './problem-text';
import {
  COMMON_ZONES,
  ENCODINGS,
  type DateOrderChoice,
  type Encoding,
  type PickedFile,
} from './import-wizard-types';

// The wizard's mapping step: the file's facts, the choices (source, encoding, date order, time
// zone), the column of each field and the live preview of the first rows.

export function MappingStep(props: {
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
  const { t, i18n } = useTranslation();
  const { preview } = props;
  const header = preview?.header ?? [];
  const mapped = IMPORT_FIELDS.filter((field) => (preview?.columns[field]?.length ?? 0) > 0);
  const issuesByLine = new Map<number, string[]>();
  for (const issue of preview?.issues ?? []) {
    issuesByLine.set(issue.line, [...(issuesByLine.get(issue.line) ?? []), issueText(issue, t)]);
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
          {t('importWizard.cannotImport', {
            problem: problemText(preview.problemReason, preview.problem, t, i18n.language),
          })}
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
