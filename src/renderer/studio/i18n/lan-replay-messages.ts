// Replays for learners on the LAN (issue #12): the switch in Review and the learner view's
// replay section. Apart from the main message files (at their limit).

export const lanReplayEn = {
  switch: {
    title: 'Replay on the join link',
    label: 'Learners can watch this replay at the class’s join link',
    hint: 'Once the class has ended, the join link plays the recording with its chat and chapters, and records what each learner watched.',
    notEnded: 'Available once the class has ended.',
    noRecording: 'This class has no finished recording to serve.',
    noLink: 'This class never had a join link.',
    watchers_one: '{{count}} learner watched the replay',
    watchers_other: '{{count}} learners watched the replay',
    link: 'Join link: {{path}}',
  },
  learner: {
    title: 'Replays watched',
    none: 'No replay watched on the join link.',
    watched: '{{watched}} of {{duration}} watched ({{share}})',
    last: 'Last watched {{date}}',
    spans: 'Watched spans',
    chapters: 'Chapters',
    chapterShare: '{{share}} watched',
    start: 'Start',
    counts:
      'Live counts time connected to the class while it was live; replay counts each second of the recording played afterwards on the join link, once however often it was replayed.',
  },
};

export const lanReplayZhCN: typeof lanReplayEn = {
  switch: {
    title: '通过课堂链接提供回放',
    label: '学员可以在本节课的课堂链接观看回放',
    hint: '课程结束后，课堂链接会播放录像及其聊天和章节，并记录每位学员看了哪些部分。',
    notEnded: '课程结束后可用。',
    noRecording: '本节课没有可提供的完整录像。',
    noLink: '本节课没有课堂链接。',
    watchers_one: '{{count}} 位学员看过回放',
    watchers_other: '{{count}} 位学员看过回放',
    link: '课堂链接：{{path}}',
  },
  learner: {
    title: '观看的回放',
    none: '没有通过课堂链接观看过回放。',
    watched: '已看 {{watched}}，共 {{duration}}（{{share}}）',
    last: '最近观看：{{date}}',
    spans: '观看片段',
    chapters: '章节',
    chapterShare: '已看 {{share}}',
    start: '开始',
    counts:
      '直播时长指课程直播期间在线的时间；回放时长指课后通过课堂链接播放录像的秒数，同一秒重复观看只计一次。',
  },
};
