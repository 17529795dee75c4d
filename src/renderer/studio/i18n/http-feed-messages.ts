// Messages of the HTTP stream's low-latency feed (issue #16) in the Broadcast screen's health
// panel. Kept apart from the main catalogues (en.ts, zh-CN.ts), which are at their size
// allowance; resources.ts merges them in under `httpFeed`.

export const httpFeedEn = {
  label: 'Low-latency HTTP feed',
  state: {
    off: 'Off (starts when an HTTP viewer can play it)',
    starting: 'Starting…',
    on_one: 'On · {{count}} viewer',
    on_other: 'On · {{count}} viewers',
    paused: 'Paused: this computer could not keep up (tries again in a minute)',
    failed: 'Stopped after an error; retrying',
  },
};

export const httpFeedZhCN: typeof httpFeedEn = {
  label: '低延迟 HTTP 流',
  state: {
    off: '未开启（有可播放它的 HTTP 观众时自动开启）',
    starting: '正在开启…',
    on_one: '已开启 · {{count}} 位观众',
    on_other: '已开启 · {{count}} 位观众',
    paused: '已暂停：这台电脑忙不过来（一分钟后再试）',
    failed: '出错已停止，稍后重试',
  },
};
