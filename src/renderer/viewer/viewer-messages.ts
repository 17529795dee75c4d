// The viewer page's messages in English and Chinese, and the small translator that reads them
// (nested keys, `{{name}}` values, English as the fallback) instead of i18next: a phone joining a
// class downloads a tenth of the code for the same text. No DOM here (unit-tested in Node).

import { POINTS_EN, POINTS_ZH } from './points-messages';
import { SURVEY_EN, SURVEY_ZH } from './survey-messages';

const en = {
  title: 'Live class',
  code: 'Join code',
  join: {
    heading: 'Join the class',
    name: 'Your name',
    namePlaceholder: 'Shown to the teacher and other learners',
    email: 'Email (optional)',
    phone: 'Phone (optional)',
    consent:
      'Use my email or phone to link my course purchases to this class and to send me follow-ups about courses. Never shown to other learners.',
    consentNeeded: 'Tick the box to share an email or phone number, or leave them empty.',
    submit: 'Join',
  },
  phase: {
    waiting: 'The class has not started yet. Chat is open while you wait.',
    waitingClosed: 'The class has not started yet.',
    paused: 'The class is paused. Stay here: it continues on this page.',
    ended: 'The class has ended. Thank you for joining!',
  },
  link: {
    connecting: 'Connecting…',
    reconnecting: 'Connection lost — reconnecting…',
    pending: '{{count}} action(s) waiting to be sent',
  },
  goodbye: {
    banned: 'You can no longer take part in this class.',
    replaced: 'You joined from another tab or device; this page is no longer connected.',
    'server-shutdown': 'The studio closed. This page reconnects when it is back.',
    'not-open': 'This class opens at {{time}}. Keep this page open: it lets you in then.',
    cancelled: 'This class was cancelled.',
  },
  video: 'The class video appears here when the teacher is live.',
  stream: {
    path: 'HTTP stream',
    pathWebrtc: 'WebRTC',
    pathFallback: 'HTTP stream · WebRTC did not connect',
    fellBack: 'WebRTC did not get through on this network; playing the HTTP stream instead.',
    stalled: 'catching up…',
    unmute: 'Tap for sound',
    mseUnsupported:
      'This browser cannot play the live video (no Media Source Extensions). Chat and questions still work here; try a recent Chrome, Edge, Firefox or Safari.',
    codecUnsupported:
      'This browser cannot play this video format ({{type}}). Chat and questions still work here.',
    unavailable:
      'The live video is not available on this connection. Chat and questions still work.',
  },
  viewers: '{{count}} watching',
  tabs: { chat: 'Chat', questions: 'Questions', poll: 'Poll' },
  chat: {
    placeholder: 'Say something…',
    send: 'Send',
    closed: 'Chat is closed.',
    host: 'Teacher',
    empty: 'No messages yet.',
  },
  questions: {
    placeholder: 'Ask the teacher a question…',
    ask: 'Ask',
    upvote: 'Upvote',
    answered: 'Answered',
    pinned: 'Pinned',
    empty: 'No questions yet. Be the first to ask!',
  },
  poll: {
    quiz: 'Quiz',
    poll: 'Poll',
    vote: 'Submit',
    chooseMany: 'Choose all that apply',
    voted: 'Your answer is in.',
    closed: 'Voting is closed.',
    correct: 'Correct!',
    wrong: 'Not quite — the right answer is highlighted.',
    score: 'Your quiz score: {{correct}} of {{answered}}',
    votes: '{{count}} votes',
    none: 'No poll right now.',
  },
  offer: {
    buy: 'Buy now',
    coupon: 'Coupon',
    endsIn: 'Ends in {{time}}',
    left: '{{count}} left',
    ended: 'Offer ended',
    forYou: 'Recommended for you',
    why: 'Why: {{reason}}',
  },
  hand: { raise: 'Raise hand', lower: 'Lower hand' },
  checkin: {
    prompt: 'The teacher asks you to check in.',
    button: 'Check in',
    done: 'Checked in ✓',
  },
  lottery: { label: 'Lucky draw', youWon: 'You won! 🎉', winners: 'Winners: {{names}}' },
  announcement: 'Announcement',
  errors: {
    RATE_LIMITED: 'Slow down a little — try again in a moment.',
    SLOW_MODE: 'Slow mode is on: wait a few seconds between messages.',
    MUTED: 'You are muted for now.',
    BLOCKED_WORD: 'That message contains a word this class does not allow.',
    CHAT_CLOSED: 'Chat is closed.',
    generic: 'Could not send: {{message}}',
  },
  reactions: { like: 'Like', heart: 'Love', clap: 'Applause', laugh: 'Haha', wow: 'Wow' },
  language: 'Language',
  survey: SURVEY_EN,
  points: POINTS_EN,
  replay: {
    title: 'Replay',
    off: 'The replay of this class is not available. Ask your teacher to share it.',
    loading: 'Loading the replay…',
    failed: 'The replay could not be loaded: {{message}}',
    chapters: 'Chapters',
    chat: 'Chat',
    noChat: 'No chat in this class.',
    host: 'Teacher',
    start: 'Start',
    part: 'Part {{n}}',
  },
};

type Messages = typeof en;

const zhCN: Messages = {
  title: '直播课堂',
  code: '课堂码',
  join: {
    heading: '进入课堂',
    name: '你的昵称',
    namePlaceholder: '老师和其他同学会看到',
    email: '邮箱（可选）',
    phone: '手机号（可选）',
    consent:
      '同意使用我的邮箱或手机号，把我的课程购买记录与本节课关联，并接收课程相关的回访。不会展示给其他同学。',
    consentNeeded: '如需填写邮箱或手机号，请先勾选同意；也可以留空。',
    submit: '进入',
  },
  phase: {
    waiting: '课程还没开始，等待时可以先聊天。',
    waitingClosed: '课程还没开始。',
    paused: '课程暂停中，请留在本页，稍后会继续。',
    ended: '课程已结束，感谢参与！',
  },
  link: {
    connecting: '正在连接…',
    reconnecting: '连接中断，正在重连…',
    pending: '{{count}} 条操作等待发送',
  },
  goodbye: {
    banned: '你已无法参与本节课。',
    replaced: '你已在其他标签页或设备进入课堂，本页面已断开。',
    'server-shutdown': '直播间已关闭，恢复后本页会自动重连。',
    'not-open': '本节课将于 {{time}} 开放。请保持本页打开，届时会自动进入。',
    cancelled: '本节课已取消。',
  },
  video: '老师开播后，直播画面会显示在这里。',
  stream: {
    path: 'HTTP 流',
    pathWebrtc: 'WebRTC',
    pathFallback: 'HTTP 流 · WebRTC 未连通',
    fellBack: '当前网络无法使用 WebRTC，已改用 HTTP 流播放。',
    stalled: '正在追赶…',
    unmute: '点击开启声音',
    mseUnsupported:
      '此浏览器无法播放直播画面（不支持 Media Source Extensions）。聊天和提问仍可使用；请换用较新的 Chrome、Edge、Firefox 或 Safari。',
    codecUnsupported: '此浏览器无法播放该视频格式（{{type}}）。聊天和提问仍可使用。',
    unavailable: '当前连接无法获取直播画面。聊天和提问仍可使用。',
  },
  viewers: '{{count}} 人在看',
  tabs: { chat: '聊天', questions: '提问', poll: '投票' },
  chat: {
    placeholder: '说点什么…',
    send: '发送',
    closed: '聊天已关闭。',
    host: '老师',
    empty: '还没有消息。',
  },
  questions: {
    placeholder: '向老师提问…',
    ask: '提问',
    upvote: '点赞',
    answered: '已回答',
    pinned: '置顶',
    empty: '还没有提问，来问第一个问题吧！',
  },
  poll: {
    quiz: '小测验',
    poll: '投票',
    vote: '提交',
    chooseMany: '可多选',
    voted: '已提交。',
    closed: '投票已结束。',
    correct: '答对了！',
    wrong: '再想想——正确答案已标出。',
    score: '你的测验得分：{{answered}} 题答对 {{correct}} 题',
    votes: '{{count}} 票',
    none: '当前没有投票。',
  },
  offer: {
    buy: '立即购买',
    coupon: '优惠码',
    endsIn: '{{time}} 后结束',
    left: '剩余 {{count}} 份',
    ended: '优惠已结束',
    forYou: '为你推荐',
    why: '推荐理由：{{reason}}',
  },
  hand: { raise: '举手', lower: '放下手' },
  checkin: { prompt: '老师请大家签到。', button: '签到', done: '已签到 ✓' },
  lottery: { label: '幸运抽奖', youWon: '恭喜你中奖了！🎉', winners: '中奖者：{{names}}' },
  announcement: '公告',
  errors: {
    RATE_LIMITED: '操作太快了，请稍后再试。',
    SLOW_MODE: '慢速模式已开启：每条消息之间请稍等几秒。',
    MUTED: '你暂时被禁言了。',
    BLOCKED_WORD: '消息中包含本课堂不允许的词语。',
    CHAT_CLOSED: '聊天已关闭。',
    generic: '发送失败：{{message}}',
  },
  reactions: { like: '赞', heart: '爱心', clap: '鼓掌', laugh: '哈哈', wow: '哇' },
  language: '语言',
  survey: SURVEY_ZH,
  points: POINTS_ZH,
  replay: {
    title: '回放',
    off: '本节课的回放暂未开放。请联系老师分享回放。',
    loading: '正在加载回放…',
    failed: '回放加载失败：{{message}}',
    chapters: '章节',
    chat: '聊天',
    noChat: '本节课没有聊天消息。',
    host: '老师',
    start: '开始',
    part: '第 {{n}} 段',
  },
};

export type Language = 'zh-CN' | 'en';
const CATALOGUES: Record<Language, Messages> = { en, 'zh-CN': zhCN };

function lookup(tree: unknown, key: string): string | undefined {
  let node = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The message at `key` in `language` (or English, or the key itself), with `{{name}}` filled. */
export function translate(
  language: Language,
  key: string,
  values?: Record<string, unknown>,
): string {
  const text = lookup(CATALOGUES[language], key) ?? lookup(en, key) ?? key;
  if (!values) return text;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}
