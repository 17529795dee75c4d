// The viewer page's class points messages (merged into viewer-messages.ts's catalogues).

export const POINTS_EN = {
  label: 'Leaderboard',
  mine: 'You: #{{rank}} · {{points}} points',
  none: 'Interact to earn points.',
  anonymous: 'Learner #{{rank}}',
  how: 'How to earn points',
  weight: '{{kind}}: {{weight}}',
  capped: '{{kind}}: {{weight}} (first {{cap}})',
  kind: {
    chat: 'Chat message',
    question: 'Question',
    upvote: 'Upvote',
    reaction: 'Reaction',
    poll_vote: 'Poll vote',
    hand_raise: 'Raised hand',
    check_in: 'Check-in',
    offer_click: 'Offer click',
  },
};

export const POINTS_ZH: typeof POINTS_EN = {
  label: '排行榜',
  mine: '我：第 {{rank}} 名 · {{points}} 分',
  none: '参与互动即可得分。',
  anonymous: '学员 #{{rank}}',
  how: '积分规则',
  weight: '{{kind}}：{{weight}}',
  capped: '{{kind}}：{{weight}}（前 {{cap}} 次）',
  kind: {
    chat: '聊天消息',
    question: '提问',
    upvote: '点赞问题',
    reaction: '表情互动',
    poll_vote: '投票',
    hand_raise: '举手',
    check_in: '签到',
    offer_click: '点击优惠',
  },
};
