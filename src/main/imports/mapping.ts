import { importMappingSchema, type ImportMapping } from '../../shared/contract/import-mapping';

// The mapping schema lives in the shared contract (the studio API carries it too).
export {
  IMPORT_FIELDS,
  PRESET_NAMES,
  STATUS_MEANINGS,
  importMappingSchema,
  type ImportField,
  type ImportMapping,
  type PresetName,
  type StatusMeaning,
} from '../../shared/contract/import-mapping';

/** Parses a mapping from an untrusted place; throws a zod error listing what is wrong. */
export function parseImportMapping(value: unknown): ImportMapping {
  return importMappingSchema.parse(value);
}
