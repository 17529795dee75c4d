// Review's replay features (issue #12): "watch this moment" from the class report, scene changes
// on the timeline, the offline HTML replay. Apart from the main message files (at their limit).

export const replayEn = {
  watch: 'Watch this moment',
  watchLabel: 'Watch this moment in Review ({{clock}})',
  scene: 'Scene: {{scene}}',
  scenes: { pip: 'Screen + camera', camera: 'Camera', screen: 'Screen' },
  markerScene: 'Scene changes',
  chapterScene: 'Scene: {{scene}}',
  export: {
    title: 'Replay for learners',
    hint: 'One HTML file with the video beside it: chat and chapters in sync, no contact details. It plays from disk without a network.',
    anonymise: 'Anonymise viewer names',
    button: 'Export HTML replay',
    done: 'Saved, with the video beside it ({{count}} chat lines):',
    working: 'Exporting…',
  },
};

export const replayZhCN: typeof replayEn = {
  watch: '观看此刻',
  watchLabel: '在回看中观看此刻（{{clock}}）',
  scene: '场景：{{scene}}',
  scenes: { pip: '屏幕 + 摄像头', camera: '摄像头', screen: '屏幕' },
  markerScene: '场景切换',
  chapterScene: '场景：{{scene}}',
  export: {
    title: '给学员的回放',
    hint: '一个 HTML 文件，视频放在旁边：聊天和章节同步显示，不含联系方式。无需网络即可从磁盘播放。',
    anonymise: '隐去观众姓名',
    button: '导出 HTML 回放',
    done: '已保存，视频放在旁边（{{count}} 条聊天）：',
    working: '正在导出…',
  },
};
