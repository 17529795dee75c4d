// Messages of both canvases at once (issue #16): recording the portrait program too, the health
// banner while the portrait frame rate is lowered, and the portrait files in Review. Kept apart
// from the main catalogues (en.ts, zh-CN.ts), which are at their size allowance; index.ts merges
// them in under `canvasRecord`.

export const canvasRecordEn = {
  record: 'Also record the portrait canvas',
  recordHint:
    'The class then has a second file, 1080×1920, listed in Review beside the landscape one.',
  recordStatus: {
    recording: 'Recording the portrait canvas',
    finalised: 'Portrait recording saved',
    interrupted: 'Portrait recording interrupted',
    failed: 'Portrait recording failed',
  },
  finalising: 'Finishing the portrait recording…',
  banner:
    'The portrait canvas runs at {{fps}} fps instead of {{fullFps}}: this computer cannot keep up with both pictures. The landscape picture and its recording keep their frame rate.',
  reviewPortrait_one: 'Portrait: {{count}} file',
  reviewPortrait_other: 'Portrait: {{count}} files',
};

export const canvasRecordZhCN: typeof canvasRecordEn = {
  record: '同时录制竖屏画布',
  recordHint: '课堂将另有一个 1080×1920 的录像文件，在回看中与横屏录像并列显示。',
  recordStatus: {
    recording: '正在录制竖屏画布',
    finalised: '竖屏录像已保存',
    interrupted: '竖屏录像已中断',
    failed: '竖屏录像失败',
  },
  finalising: '正在完成竖屏录像…',
  banner:
    '竖屏画布以 {{fps}} 帧/秒运行（而非 {{fullFps}} 帧/秒）：这台电脑无法同时跟上两个画面。横屏画面及其录像保持原帧率。',
  reviewPortrait_one: '竖屏：{{count}} 个文件',
  reviewPortrait_other: '竖屏：{{count}} 个文件',
};
