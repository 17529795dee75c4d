import 'i18next';
import type { enTranslation } from './resources';

// `t('a.key')` with a key the English catalogue does not have fails typecheck. The viewer page
// has its own translator (src/renderer/viewer/i18n.ts) and is not covered by this.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof enTranslation };
    returnNull: false;
  }
}
