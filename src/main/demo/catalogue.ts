// The demo educator's catalogue: what a small online school sells. English titles (the i18n layer
// may translate them); prices in integer minor units of one currency.

export const DEMO_CURRENCY = 'CNY';
export const SHOP_URL = 'https://shop.example.com';

export type Topic = 'python' | 'watercolour' | 'english' | 'workshop';
export const TOPICS: readonly Topic[] = ['python', 'watercolour', 'english', 'workshop'];

export interface CourseSpec {
  slug: string;
  title: string;
  series: string | null;
  seriesPosition: number | null;
  priceMinor: number;
  tags: readonly string[];
  topic: Topic;
  /** Titles of the live (open) classes that present this course. */
  sessionTitles: readonly string[];
}

/** Series steps are consecutive and in order, so "the next course" is the next entry. */
export const COURSES: readonly CourseSpec[] = [
  {
    slug: 'python-basics-for-data',
    title: 'Python Basics for Data Analysis',
    series: 'Python for Data',
    seriesPosition: 1,
    priceMinor: 19_900,
    tags: ['python', 'data', 'beginner'],
    topic: 'python',
    sessionTitles: ['Open class: your first notebook', 'Open class: from Excel to Python'],
  },
  {
    slug: 'data-wrangling-with-pandas',
    title: 'Data Wrangling with pandas',
    series: 'Python for Data',
    seriesPosition: 2,
    priceMinor: 29_900,
    tags: ['python', 'pandas', 'data', 'intermediate'],
    topic: 'python',
    sessionTitles: ['Open class: cleaning a messy sales sheet', 'Live: merge, group and pivot'],
  },
  {
    slug: 'data-visualisation-matplotlib-seaborn',
    title: 'Data Visualisation with Matplotlib and Seaborn',
    series: 'Python for Data',
    seriesPosition: 3,
    priceMinor: 34_900,
    tags: ['python', 'visualisation', 'data', 'intermediate'],
    topic: 'python',
    sessionTitles: ['Open class: charts that tell a story'],
  },
  {
    slug: 'machine-learning-scikit-learn',
    title: 'Machine Learning with scikit-learn',
    series: 'Python for Data',
    seriesPosition: 4,
    priceMinor: 59_900,
    tags: ['python', 'machine-learning', 'advanced'],
    topic: 'python',
    sessionTitles: ['Open class: predict house prices in one hour'],
  },
  {
    slug: 'watercolour-for-beginners',
    title: 'Watercolour for Beginners: Washes and Colour Mixing',
    series: 'Watercolour Painting',
    seriesPosition: 1,
    priceMinor: 14_900,
    tags: ['art', 'watercolour', 'beginner'],
    topic: 'watercolour',
    sessionTitles: ['Live: paint a sunset sky with three colours', 'Live: wet-on-wet basics'],
  },
  {
    slug: 'watercolour-landscapes',
    title: 'Watercolour Landscapes',
    series: 'Watercolour Painting',
    seriesPosition: 2,
    priceMinor: 24_900,
    tags: ['art', 'watercolour', 'landscape', 'intermediate'],
    topic: 'watercolour',
    sessionTitles: ['Live: misty mountains and reflections'],
  },
  {
    slug: 'botanical-watercolour-masterclass',
    title: 'Botanical Watercolour Masterclass',
    series: 'Watercolour Painting',
    seriesPosition: 3,
    priceMinor: 39_900,
    tags: ['art', 'watercolour', 'botanical', 'advanced'],
    topic: 'watercolour',
    sessionTitles: ['Live: painting a peony petal by petal'],
  },
  {
    slug: 'ielts-foundations',
    title: 'IELTS Foundations: Listening and Reading',
    series: 'IELTS English',
    seriesPosition: 1,
    priceMinor: 29_900,
    tags: ['english', 'ielts', 'exam', 'beginner'],
    topic: 'english',
    sessionTitles: ['Open class: how the IELTS is scored', 'Live: reading faster with skimming'],
  },
  {
    slug: 'ielts-writing',
    title: 'IELTS Writing Task 1 and 2',
    series: 'IELTS English',
    seriesPosition: 2,
    priceMinor: 39_900,
    tags: ['english', 'ielts', 'writing', 'intermediate'],
    topic: 'english',
    sessionTitles: ['Live: a band 7 essay, step by step'],
  },
  {
    slug: 'ielts-speaking-intensive',
    title: 'IELTS Speaking Intensive',
    series: 'IELTS English',
    seriesPosition: 3,
    priceMinor: 49_900,
    tags: ['english', 'ielts', 'speaking', 'advanced'],
    topic: 'english',
    sessionTitles: ['Live: mock speaking test with feedback'],
  },
  {
    slug: 'excel-shortcuts-crash-course',
    title: 'Excel Shortcuts Crash Course',
    series: null,
    seriesPosition: null,
    priceMinor: 4_900,
    tags: ['office', 'excel', 'productivity', 'workshop'],
    topic: 'workshop',
    sessionTitles: ['Workshop: 20 Excel shortcuts in 60 minutes'],
  },
  {
    slug: 'confident-public-speaking',
    title: 'Confident Public Speaking Workshop',
    series: null,
    seriesPosition: null,
    priceMinor: 9_900,
    tags: ['communication', 'speaking', 'workshop'],
    topic: 'workshop',
    sessionTitles: ['Workshop: calm nerves, clear voice'],
  },
];

/** Index of the next step of a course's series, or -1 (last step, or not in a series). */
export function nextInSeries(courseIndex: number): number {
  const course = COURSES[courseIndex];
  const next = COURSES[courseIndex + 1];
  if (!course?.series || !next) return -1;
  return next.series === course.series ? courseIndex + 1 : -1;
}

export function checkoutUrl(course: CourseSpec): string {
  return `${SHOP_URL}/c/${course.slug}`;
}

/** Things the shop sells besides courses; order lines carry no course id for them. */
export interface ProductSpec {
  title: string;
  priceMinor: number;
  topic: Topic | null;
}

export const PRODUCTS: readonly ProductSpec[] = [
  {
    title: 'Watercolour Starter Kit (paints, brushes, paper)',
    priceMinor: 12_900,
    topic: 'watercolour',
  },
  { title: 'IELTS Mock Test Pack', priceMinor: 6_900, topic: 'english' },
  { title: '1:1 Coaching Call (45 min)', priceMinor: 29_900, topic: null },
];
export const STARTER_KIT = 0;
export const MOCK_TEST_PACK = 1;
export const COACHING_CALL = 2;

/**
 * The order in which the educator ran open classes over the year: every series moves forward,
 * with a workshop in between. Longer histories go round again.
 */
export const SESSION_ROTATION: readonly number[] = [0, 4, 7, 10, 1, 5, 8, 11, 2, 6, 9, 3];

export interface PollSpec {
  question: string;
  options: readonly string[];
  /** For quizzes, indexes of the correct options. */
  correct?: readonly number[];
}

export const POLLS: Record<Topic, readonly PollSpec[]> = {
  python: [
    {
      question: 'Which tool do you use most for data today?',
      options: ['Excel', 'Python', 'SQL', 'Nothing yet'],
    },
    {
      question: 'What would you most like to automate?',
      options: ['Weekly reports', 'Cleaning spreadsheets', 'Charts', 'Web data collection'],
    },
  ],
  watercolour: [
    {
      question: 'Which paper do you have at home?',
      options: ['Cold-pressed 300 gsm', 'Hot-pressed', 'A sketchbook', 'Not sure'],
    },
    {
      question: 'What do you want to paint next?',
      options: ['Flowers', 'Landscapes', 'Animals', 'Cityscapes'],
    },
  ],
  english: [
    {
      question: 'Which IELTS section worries you most?',
      options: ['Listening', 'Reading', 'Writing', 'Speaking'],
    },
    {
      question: 'When is your test?',
      options: ['Within a month', '1–3 months', 'Later this year', 'Not booked yet'],
    },
  ],
  workshop: [
    {
      question: 'How often do you need this at work?',
      options: ['Every day', 'Every week', 'Now and then'],
    },
  ],
};

export const QUIZZES: Record<Topic, readonly PollSpec[]> = {
  python: [
    {
      question: 'What does df.head() return?',
      options: ['The first 5 rows', 'The column names', 'The last row', 'A summary'],
      correct: [0],
    },
    {
      question: 'Which method combines two DataFrames on a key column?',
      options: ['concat', 'merge', 'append', 'stack'],
      correct: [1],
    },
  ],
  watercolour: [
    {
      question: 'What happens when you paint wet-on-wet?',
      options: ['Colours blend softly', 'Edges stay sharp', 'The paint dries at once'],
      correct: [0],
    },
  ],
  english: [
    {
      question: 'How many words must a Task 2 essay have at least?',
      options: ['150', '250', '300', '400'],
      correct: [1],
    },
    {
      question: 'How long is the Speaking test?',
      options: ['5–6 minutes', '11–14 minutes', '30 minutes'],
      correct: [1],
    },
  ],
  workshop: [
    {
      question: 'Which shortcut jumps to the last row of data in Excel?',
      options: ['Ctrl + Down', 'Ctrl + End', 'Shift + Space', 'Alt + ='],
      correct: [0],
    },
    {
      question: 'A comfortable pace for a talk is about…',
      options: ['80 words a minute', '140 words a minute', '220 words a minute'],
      correct: [1],
    },
  ],
};

/** Coupon codes an educator would type; the first offer of a class is its launch price. */
export const COUPONS: readonly string[] = ['LIVE20', 'OPENCLASS', 'EARLYBIRD', 'TONIGHT15'];
