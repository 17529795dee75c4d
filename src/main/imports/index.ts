// Order and learner imports from course platforms' exports (CSV/XLSX). See README.md for the
// rules: presets, how rows become orders, refunds and cancellations, identity linking.
export { ImportError, type ImportErrorCode } from './errors';
export {
  MAX_STORED_ISSUES,
  importOrders,
  type ImportControl,
  type ImportInput,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
} from './import-orders';
export {
  IMPORT_FIELDS,
  PRESET_NAMES,
  STATUS_MEANINGS,
  importMappingSchema,
  parseImportMapping,
  type ImportField,
  type ImportMapping,
  type PresetName,
  type StatusMeaning,
} from './mapping';
export { detectPreset } from './presets';
export { normaliseEmail, normalisePhone, normalisePlatformId } from '../../shared/model/identity';
export type { ImportIssue } from './parse-rows';
