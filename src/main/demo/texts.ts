// Pools of names and messages the demo draws from. Chinese and English, as in a real audience of a
// Chinese online school; nothing here is a real person or a real address.

import type { Topic } from './catalogue';

/** [characters, pinyin, relative frequency]; frequencies roughly follow the national census. */
export const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 7.1],
  ['李', 'li', 7.0],
  ['张', 'zhang', 6.7],
  ['刘', 'liu', 5.4],
  ['陈', 'chen', 4.5],
  ['杨', 'yang', 3.1],
  ['黄', 'huang', 2.2],
  ['赵', 'zhao', 2.0],
  ['吴', 'wu', 1.9],
  ['周', 'zhou', 1.9],
  ['徐', 'xu', 1.5],
  ['孙', 'sun', 1.4],
  ['马', 'ma', 1.3],
  ['朱', 'zhu', 1.3],
  ['胡', 'hu', 1.2],
  ['郭', 'guo', 1.2],
  ['何', 'he', 1.1],
  ['高', 'gao', 1.0],
  ['林', 'lin', 1.0],
  ['罗', 'luo', 0.9],
  ['郑', 'zheng', 0.9],
  ['梁', 'liang', 0.8],
  ['谢', 'xie', 0.7],
  ['宋', 'song', 0.6],
  ['唐', 'tang', 0.6],
  ['许', 'xu', 0.5],
  ['韩', 'han', 0.5],
  ['冯', 'feng', 0.5],
  ['邓', 'deng', 0.5],
  ['曹', 'cao', 0.5],
  ['彭', 'peng', 0.4],
  ['曾', 'zeng', 0.4],
  ['肖', 'xiao', 0.4],
  ['田', 'tian', 0.4],
  ['董', 'dong', 0.4],
  ['潘', 'pan', 0.3],
  ['袁', 'yuan', 0.3],
  ['蒋', 'jiang', 0.3],
  ['蔡', 'cai', 0.3],
  ['叶', 'ye', 0.3],
  ['沈', 'shen', 0.3],
  ['苏', 'su', 0.3],
];

export const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['秀英', 'xiuying'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['娟', 'juan'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['婷', 'ting'],
  ['雪', 'xue'],
  ['晨', 'chen'],
  ['宇', 'yu'],
  ['欣怡', 'xinyi'],
  ['子涵', 'zihan'],
  ['浩然', 'haoran'],
  ['思远', 'siyuan'],
  ['雨桐', 'yutong'],
  ['佳怡', 'jiayi'],
  ['梓萱', 'zixuan'],
  ['一鸣', 'yiming'],
  ['文博', 'wenbo'],
  ['俊杰', 'junjie'],
  ['诗涵', 'shihan'],
  ['晓明', 'xiaoming'],
  ['海燕', 'haiyan'],
  ['建国', 'jianguo'],
  ['丹', 'dan'],
  ['鹏', 'peng'],
  ['慧', 'hui'],
  ['琳', 'lin'],
  ['晓东', 'xiaodong'],
  ['嘉欣', 'jiaxin'],
  ['梦琪', 'mengqi'],
  ['天宇', 'tianyu'],
  ['志强', 'zhiqiang'],
  ['美玲', 'meiling'],
];

export const ENGLISH_GIVEN_NAMES: readonly string[] = [
  'Emily',
  'Grace',
  'Kevin',
  'David',
  'Sarah',
  'Michael',
  'Jessica',
  'Daniel',
  'Olivia',
  'James',
  'Sophie',
  'Lucas',
  'Amy',
  'Jason',
  'Cindy',
  'Eric',
  'Vivian',
  'Tony',
  'Helen',
  'Leo',
  'Chloe',
  'Ryan',
  'Iris',
  'Frank',
  'Nina',
  'Oscar',
  'Mia',
  'Peter',
  'Anna',
  'Ben',
];

export const ENGLISH_SURNAMES: readonly string[] = [
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
  'Wilson',
  'Martin',
  'Walker',
  'Clark',
  'Evans',
  'Roberts',
  'Nguyen',
  'Garcia',
  'Kim',
  'Tanaka',
];

/** Screen names some viewers type instead of their name. */
export const NICKNAMES: readonly (readonly [string, string])[] = [
  ['小雨', 'xiaoyu'],
  ['阿杰', 'ajie'],
  ['大橙子', 'dachengzi'],
  ['安静的猫', 'anjingdemao'],
  ['小鱼儿', 'xiaoyuer'],
  ['Momo', 'momo'],
  ['Coco', 'coco'],
  ['Annie_88', 'annie88'],
  ['sunny', 'sunny'],
  ['路人甲', 'lurenjia'],
];

export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['example.com', 5],
  ['example.cn', 3],
  ['mail.example.net', 2],
  ['example.org', 1],
];

export const REACTIONS: readonly string[] = ['like', 'heart', 'clap', 'laugh', 'wow', 'fire'];
/** Relative frequency of each reaction above; likes and hearts dominate in real streams. */
export const REACTION_WEIGHTS: readonly number[] = [5, 4, 3, 1.5, 1, 1.5];

export interface Phrases {
  zh: readonly string[];
  en: readonly string[];
}

export const GREETINGS: Phrases = {
  zh: ['老师好！', '大家好', '来了来了', '晚上好～', '签到', '第一次来，请多关照', '准时打卡'],
  en: ['Hi everyone!', 'Good evening from Shanghai', 'Hello teacher', 'Just joined 👋', 'Hi all'],
};

export const FAREWELLS: Phrases = {
  zh: ['谢谢老师！', '辛苦了', '下次见', '今天收获很大', '老师讲得太好了', '回放在哪里看？'],
  en: ['Thank you!', 'See you next week', 'Great class, thanks', 'Where can I find the replay?'],
};

export const GENERAL_CHAT: Phrases = {
  zh: [
    '听得很清楚',
    '能再讲一遍吗？',
    '666',
    '学到了',
    '声音有点小',
    '画面卡了一下',
    '好的',
    '明白了',
    '笔记记好了',
    '这个太实用了',
    '哈哈哈',
    '老师能分享一下课件吗？',
    '同问',
    '+1',
    '刚才没跟上',
    '有回放吗？',
  ],
  en: [
    'This is so helpful',
    'Can you share the slides?',
    'Got it',
    'Could you repeat that?',
    'Audio is a bit low',
    'Makes sense now',
    '+1',
    'Same question',
    'Love this',
    'Is there a replay?',
  ],
};

export const TOPIC_CHAT: Record<Topic, Phrases> = {
  python: {
    zh: [
      '终于跑通了！',
      '我的报 KeyError 了',
      'pandas 比 Excel 快多了',
      '用 Jupyter 还是 VS Code？',
      '代码能发一下吗？',
      '原来可以这样写',
    ],
    en: [
      'My notebook says KeyError',
      'It worked!',
      'Which Python version are you using?',
      'Can you zoom in on the code?',
      'So much faster than Excel',
    ],
  },
  watercolour: {
    zh: ['颜色好通透', '用的什么纸？', '我的纸起皱了', '这个笔好用吗', '水分怎么控制？', '太美了'],
    en: ['What paper are you using?', 'So pretty', 'My paper is buckling', 'Which brush is that?'],
  },
  english: {
    zh: ['口语好难', '这个词怎么读？', '写作总是超时', '听力第三部分最难', '老师发音好标准'],
    en: [
      'How do you spell that?',
      'Is this band 7 vocabulary?',
      'Can we practise speaking?',
      'I always run out of time in reading',
    ],
  },
  workshop: {
    zh: ['这个快捷键太好用了', 'Mac 上怎么按？', '马上用到工作里', '紧张的时候怎么办？'],
    en: ['What is the Mac shortcut?', 'Using this at work tomorrow', 'Great tip'],
  },
};

export const QUESTIONS: Record<Topic, Phrases> = {
  python: {
    zh: [
      'pandas 的 merge 和 join 有什么区别？',
      '零基础学多久能上手做数据分析？',
      '课程里会讲爬虫吗？',
      '电脑配置需要很高吗？',
      '读取 Excel 文件中文乱码怎么办？',
      '学完能做机器学习项目吗？',
    ],
    en: [
      'What is the difference between merge and join?',
      'Do I need to know maths for this course?',
      'How long does it take to get comfortable with pandas?',
      'Will the course cover SQL too?',
      'Is the replay available after the class?',
    ],
  },
  watercolour: {
    zh: [
      '初学者买什么颜料比较好？',
      '怎么避免画面发脏？',
      '留白胶什么时候用？',
      '需要素描基础吗？',
      '课程有作业点评吗？',
    ],
    en: [
      'Which paints should a beginner buy?',
      'How do I stop colours from turning muddy?',
      'Do I need drawing skills first?',
      'Will you review our homework?',
    ],
  },
  english: {
    zh: [
      '雅思 6.5 需要准备多久？',
      '大作文有没有万能模板？',
      '口语 Part 2 没话说怎么办？',
      '听力需要每天练多久？',
      '课程有批改作文吗？',
    ],
    en: [
      'How long should I prepare for band 6.5?',
      'Is it OK to use memorised phrases in Task 2?',
      'What if I run out of ideas in Speaking Part 2?',
      'Do you correct our essays?',
    ],
  },
  workshop: {
    zh: ['WPS 里也能用吗？', '有练习文件吗？', '上台忘词怎么办？'],
    en: ['Does this work in Google Sheets?', 'Is there a practice file?', 'How do I handle Q&A?'],
  },
};
