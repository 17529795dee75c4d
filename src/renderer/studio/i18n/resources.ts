import { canvasEn, canvasZhCN } from './canvas-messages';
import { canvasRecordEn, canvasRecordZhCN } from './canvas-record-messages';
import { dashExtraEn, dashExtraZhCN } from './dash-extra';
import { en } from './en';
import { highValueEn, highValueZhCN } from './high-value-messages';
import { httpFeedEn, httpFeedZhCN } from './http-feed-messages';
import { importIssueEn, importIssueZhCN } from './import-issue-messages';
import { importProblemEn, importProblemZhCN } from './import-problem-messages';
import { lanReplayEn, lanReplayZhCN } from './lan-replay-messages';
import { offerLabEn, offerLabZhCN } from './offer-lab-messages';
import { replayEn, replayZhCN } from './replay-messages';
import { pointsEn, pointsZhCN } from './points-messages';
import { replayReportEn, replayReportZhCN } from './replay-report-messages';
import { rfmSegmentEn, rfmSegmentZh } from './rfm-segment-messages';
import { satisfactionEn, satisfactionZhCN } from './satisfaction-messages';
import { zhCN } from './zh-CN';

// Newer screens keep their messages in their own files (per-screen namespaces under one
// translation); the main catalogues are at their size limit.

/** The English catalogue: its keys are the only ones `t` accepts (see i18next.d.ts). */
export const enTranslation = {
  ...en,
  rfmSegment: rfmSegmentEn,
  dashExtra: dashExtraEn,
  replay: replayEn,
  satisfaction: satisfactionEn,
  canvas: canvasEn,
  canvasRecord: canvasRecordEn,
  httpFeed: httpFeedEn,
  offerLab: offerLabEn,
  importIssue: importIssueEn,
  importProblem: importProblemEn,
  lanReplay: lanReplayEn,
  highValue: highValueEn,
  points: pointsEn,
  replayReport: replayReportEn,
};

export const zhCNTranslation = {
  ...zhCN,
  rfmSegment: rfmSegmentZh,
  dashExtra: dashExtraZhCN,
  replay: replayZhCN,
  satisfaction: satisfactionZhCN,
  canvas: canvasZhCN,
  canvasRecord: canvasRecordZhCN,
  httpFeed: httpFeedZhCN,
  offerLab: offerLabZhCN,
  importIssue: importIssueZhCN,
  importProblem: importProblemZhCN,
  lanReplay: lanReplayZhCN,
  highValue: highValueZhCN,
  points: pointsZhCN,
  replayReport: replayReportZhCN,
};
