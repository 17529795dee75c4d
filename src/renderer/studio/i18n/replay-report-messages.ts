// The class report's "Live and replay" section (issue #12): replay watching on the join link,
// counted apart from live attendance. Apart from the main message files (at their limit).

export const replayReportEn = {
  title: 'Live and replay',
  ask: 'Who watched the replay, how much, and were they in the class live?',
  counts:
    'Live counts time connected to the class while it was live; the engagement score above is live only. Replay counts each second of the recording a learner played afterwards on the join link, once however often it was replayed. The two are shown side by side, never added together.',
  none: 'Nobody has watched this class’s replay on the join link.',
  off: 'The replay is not served on the join link (switch it on in Review).',
  on: 'The join link serves this replay.',
  cards: {
    live: 'Learners live',
    watchers: 'Watched the replay',
    minutes: 'Replay minutes',
    alsoLive: 'Of them also live',
    surveyAnswers: 'Survey answers after the replay',
  },
  statement:
    '{{watchers}} learner(s) watched the replay for {{minutes}} minutes in all; {{alsoLive}} of them had also been in the class live.',
  learner: 'Learner',
  live: 'Live',
  liveMinutes: 'Live minutes',
  liveScore: 'Live engagement score',
  replayMinutes: 'Replay minutes',
  chapters: 'Replay chapters watched',
  chaptersOf: '{{watched}} of {{total}}',
  yes: 'yes',
  no: 'no',
  unscored: '—',
};

export const replayReportZhCN: typeof replayReportEn = {
  title: '直播与回放',
  ask: '谁看了回放、看了多少，他们是否也上了直播？',
  counts:
    '直播：课程直播期间连接到课堂的时间；上方的参与度评分只计直播。回放：课后学员在加入链接上播放录像的时间，每一秒只计一次，无论重复看了几遍。两者并列显示，从不相加。',
  none: '还没有人在加入链接上看这节课的回放。',
  off: '加入链接未提供这节课的回放（可在“回看”中开启）。',
  on: '加入链接正在提供这节课的回放。',
  cards: {
    live: '直播学员',
    watchers: '看了回放',
    minutes: '回放分钟数',
    alsoLive: '其中也上了直播',
    surveyAnswers: '回放后的问卷回答',
  },
  statement: '{{watchers}} 位学员看了回放，共 {{minutes}} 分钟；其中 {{alsoLive}} 位也上了直播。',
  learner: '学员',
  live: '直播',
  liveMinutes: '直播分钟数',
  liveScore: '直播参与度评分',
  replayMinutes: '回放分钟数',
  chapters: '看过的回放章节',
  chaptersOf: '{{watched}} / {{total}}',
  yes: '是',
  no: '否',
  unscored: '—',
};
