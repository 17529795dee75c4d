// Messages of the Broadcast screen's second canvas (the portrait program beside the landscape
// one), kept apart from the main catalogues (en.ts, zh-CN.ts), which are at their size allowance.
// index.ts merges them in under `canvas`.

export const canvasEn = {
  title: 'Portrait canvas (9:16)',
  enable: 'Compose a portrait picture too',
  hint: 'For vertical platforms (Douyin, Kuaishou, WeChat Channels, TikTok, Shorts): outputs set to “Portrait 9:16” take this picture; the others take the landscape one.',
  layoutFor: 'Layout in {{scene}}',
  layouts: {
    'camera-large': 'Camera large, screen cropped below',
    'screen-large': 'Screen large, camera cropped below',
  },
  outputs_one: 'Sending to {{count}} portrait output',
  outputs_other: 'Sending to {{count}} portrait outputs',
  offWhileLive: 'Turn the portrait canvas on or off before going live.',
  health: 'Portrait canvas',
  healthOff: 'off',
  healthFps: '{{fps}} fps',
  lowered:
    '{{fps}} fps: lowered from 30 because this computer cannot keep up (the landscape picture keeps its frame rate)',
};

export const canvasZhCN: typeof canvasEn = {
  title: '竖屏画布（9:16）',
  enable: '同时合成竖屏画面',
  hint: '用于竖屏平台（抖音、快手、视频号、TikTok、Shorts）：画面设为“竖屏 9:16”的推流输出使用此画面，其余使用横屏画面。',
  layoutFor: '{{scene}}中的布局',
  layouts: {
    'camera-large': '摄像头大画面，屏幕裁切在下方',
    'screen-large': '屏幕大画面，摄像头裁切在下方',
  },
  outputs_one: '正在推流到 {{count}} 个竖屏输出',
  outputs_other: '正在推流到 {{count}} 个竖屏输出',
  offWhileLive: '请在开播前开启或关闭竖屏画布。',
  health: '竖屏画布',
  healthOff: '关闭',
  healthFps: '{{fps}} 帧/秒',
  lowered: '{{fps}} 帧/秒：这台电脑负载过高，已从 30 帧降低（横屏画面保持原帧率）',
};
