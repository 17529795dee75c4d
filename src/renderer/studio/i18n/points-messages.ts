// Class points and the leaderboard (issue #15 §4): the Live screen's card, the lottery's points
// rules and the program's leaderboard card. Apart from the main message files (at their limit).

export const pointsEn = {
  title: 'Points',
  switch: 'Points on for this class',
  hint: 'Learners earn points for interacting, with the engagement formula’s weights; they see the leaderboard and the weights on their page.',
  weights: 'How points are earned',
  weight: '{{kind}}: {{weight}}',
  capped: '{{kind}}: {{weight}} (first {{cap}})',
  off: 'Points are off.',
  empty: 'No points yet.',
  scored_one: '{{count}} learner with points',
  scored_other: '{{count}} learners with points',
  row: '{{rank}}. {{name}} — {{points}}',
  anonymous: 'Learner #{{rank}}',
  leaderboard: 'Leaderboard',
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
  rule: {
    topPoints: 'Top N by points',
    pointsTickets: 'Tickets by points (weighted)',
    top: 'N',
  },
};

export const pointsZhCN: typeof pointsEn = {
  title: '积分',
  switch: '本节课开启积分',
  hint: '学员互动即可得分，权重与参与度公式相同；学员在页面上可以看到排行榜和权重。',
  weights: '积分规则',
  weight: '{{kind}}：{{weight}}',
  capped: '{{kind}}：{{weight}}（前 {{cap}} 次）',
  off: '积分未开启。',
  empty: '还没有人得分。',
  scored_one: '{{count}} 位学员有积分',
  scored_other: '{{count}} 位学员有积分',
  row: '{{rank}}. {{name}} — {{points}}',
  anonymous: '学员 #{{rank}}',
  leaderboard: '排行榜',
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
  rule: {
    topPoints: '积分前 N 名',
    pointsTickets: '按积分发券（加权抽奖）',
    top: 'N',
  },
};
