import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../shared/model/domain';
import { canvasEn, canvasZhCN } from './canvas-messages';
import { dashExtraEn, dashExtraZhCN } from './dash-extra';
import { en } from './en';
import { importIssueEn, importIssueZhCN } from './import-issue-messages';
import { highValueEn, highValueZhCN } from './high-value-messages';
import { zhCN } from './zh-CN';
import { replayEn, replayZhCN } from './replay-messages';
import { offerLabEn, offerLabZhCN } from './offer-lab-messages';
import { lanReplayEn, lanReplayZhCN } from './lan-replay-messages';
import { replayReportEn, replayReportZhCN } from './replay-report-messages';
import { rfmSegmentEn, rfmSegmentZh } from './rfm-segment-messages';
import { satisfactionEn, satisfactionZhCN } from './satisfaction-messages';

export const LANGUAGES: readonly { code: Language; label: string }[] = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
];

const STORAGE_KEY = 'encore.language';

/** The language to paint first, before the core's saved preference arrives. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

export async function initI18n(language: Language): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    // Newer screens keep their messages in their own files (per-screen namespaces under one
    // translation); the main catalogues are at their size limit.
    resources: {
      en: {
        translation: {
          ...en,
          rfmSegment: rfmSegmentEn,
          dashExtra: dashExtraEn,
          replay: replayEn,
          satisfaction: satisfactionEn,
          canvas: canvasEn,
          offerLab: offerLabEn,
          importIssue: importIssueEn,
          lanReplay: lanReplayEn,
          replayReport: replayReportEn,
          highValue: highValueEn,
        },
      },
      'zh-CN': {
        translation: {
          ...zhCN,
          rfmSegment: rfmSegmentZh,
          dashExtra: dashExtraZhCN,
          replay: replayZhCN,
          satisfaction: satisfactionZhCN,
          canvas: canvasZhCN,
          offerLab: offerLabZhCN,
          importIssue: importIssueZhCN,
          lanReplay: lanReplayZhCN,
          replayReport: replayReportZhCN,
          highValue: highValueZhCN,
        },
      },
    },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = language;
  return i18next;
}
