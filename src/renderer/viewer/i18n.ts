import { useMemo, useSyncExternalStore } from 'react';
import { translate, type Language } from './viewer-messages';

const STORAGE_KEY = 'encore.viewer.language';

export function initialViewerLanguage(): 'zh-CN' | 'en' {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function rememberViewerLanguage(language: 'zh-CN' | 'en'): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

let current: Language = 'en';
const listeners = new Set<() => void>();

export function changeViewerLanguage(language: Language): Promise<void> {
  if (language === current) return Promise.resolve();
  current = language;
  for (const listener of [...listeners]) listener();
  return Promise.resolve();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Like react-i18next's hook: `t` for the current language, re-rendering when it changes. */
export function useTranslation(): {
  t: (key: string, values?: Record<string, unknown>) => string;
  i18n: { language: Language; changeLanguage: (language: Language) => Promise<void> };
} {
  const language = useSyncExternalStore(subscribe, () => current);
  return useMemo(
    () => ({
      t: (key: string, values?: Record<string, unknown>) => translate(language, key, values),
      i18n: { language, changeLanguage: changeViewerLanguage },
    }),
    [language],
  );
}

export async function initViewerI18n(language: Language): Promise<void> {
  await changeViewerLanguage(language);
  document.documentElement.lang = language;
}
