import { DAY_MS, randomMomentBetween } from './calendar';
import { TOPICS } from './catalogue';
import type { Rng } from '../kernel/random';
import type { Statements } from '../storage/queries/demo-writes';
import {
  EMAIL_DOMAINS,
  ENGLISH_GIVEN_NAMES,
  ENGLISH_SURNAMES,
  GIVEN_NAMES,
  NICKNAMES,
  SURNAMES,
} from './texts';

/**
 * The demo's learners, kept as columns (typed arrays indexed by learner index = id - 1) so that a
 * benchmark population of 100k+ costs a few megabytes, not a few hundred thousand objects.
 *
 * The behaviour model hangs on two latent traits: `engagement` drives who comes to classes, how
 * long they stay and how much they interact; `propensity` (correlated with engagement, plus its own
 * noise) drives clicking offers and buying. Analytics later see only the behaviour, never these.
 */
export interface Population {
  count: number;
  createdAt: Float64Array;
  engagement: Float64Array;
  propensity: Float64Array;
  /** Index into TOPICS of what the learner came for. */
  interest: Uint8Array;
  /** 1 if the learner ever opened the viewer page (only those attend); 0 for shop-only buyers. */
  hasDevice: Uint8Array;
  /** Probability that a chat message of theirs is in Chinese rather than English. */
  chineseShare: Float64Array;
  email: (string | null)[];
  phone: (string | null)[];
}

/** Share of learners created in the first fortnight: the audience the educator started with. */
const STARTING_AUDIENCE_SHARE = 0.2;
const STARTING_AUDIENCE_DAYS = 14;
const SHOP_ONLY_SHARE = 0.1;
/** Spread of log-engagement: a few very engaged learners, a long tail of quiet ones. */
const ENGAGEMENT_SIGMA = 0.85;
const INTEREST_WEIGHTS: readonly number[] = [0.38, 0.24, 0.3, 0.08];
const SURNAME_WEIGHTS: readonly number[] = SURNAMES.map((surname) => surname[2]);
const EMAIL_DOMAIN_WEIGHTS: readonly number[] = EMAIL_DOMAINS.map((domain) => domain[1]);

type NameKind = 'hanzi' | 'pinyin' | 'english-given' | 'english' | 'nickname';
const NAME_KINDS: readonly NameKind[] = ['hanzi', 'pinyin', 'english-given', 'english', 'nickname'];
const NAME_KIND_WEIGHTS: readonly number[] = [0.55, 0.13, 0.2, 0.07, 0.05];
const CHINESE_SHARE: Record<NameKind, number> = {
  hanzi: 0.9,
  pinyin: 0.65,
  'english-given': 0.45,
  english: 0.1,
  nickname: 0.7,
};

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const DEVICE_TOKEN_LENGTH = 22;
const MOBILE_PREFIXES: readonly string[] = ['3', '5', '7', '8', '9'];

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

interface Name {
  display: string;
  /** ASCII words to build an email address from. */
  first: string;
  last: string;
  kind: NameKind;
}

function drawName(rng: Rng): Name {
  const kind = NAME_KINDS[rng.weightedIndex(NAME_KIND_WEIGHTS)] ?? 'hanzi';
  const surname = SURNAMES[rng.weightedIndex(SURNAME_WEIGHTS)] ?? ['王', 'wang', 1];
  const given = rng.pick(GIVEN_NAMES);
  switch (kind) {
    case 'hanzi':
      return { display: surname[0] + given[0], first: given[1], last: surname[1], kind };
    case 'pinyin': {
      // Romanised names come in both orders: "Wang Fang" on a Chinese form, "Fang Wang" abroad.
      const display = rng.chance(0.5)
        ? `${capitalise(surname[1])} ${capitalise(given[1])}`
        : `${capitalise(given[1])} ${capitalise(surname[1])}`;
      return { display, first: given[1], last: surname[1], kind };
    }
    case 'english-given': {
      const first = rng.pick(ENGLISH_GIVEN_NAMES);
      return { display: `${first} ${capitalise(surname[1])}`, first, last: surname[1], kind };
    }
    case 'english': {
      const first = rng.pick(ENGLISH_GIVEN_NAMES);
      const last = rng.pick(ENGLISH_SURNAMES);
      return { display: `${first} ${last}`, first, last, kind };
    }
    case 'nickname': {
      const [display, ascii] = rng.pick(NICKNAMES);
      return { display, first: ascii, last: surname[1], kind };
    }
  }
}

function emailFor(rng: Rng, name: Name, used: Set<string>): string {
  const first = name.first.toLowerCase();
  const last = name.last.toLowerCase();
  const year = String(rng.int(1975, 2006));
  const forms = [
    `${last}${first}`,
    `${first}.${last}`,
    `${first}${last}${year.slice(2)}`,
    `${last}.${first}${rng.int(1, 99)}`,
    `${first}_${year}`,
  ];
  const local = rng.pick(forms);
  const domain = EMAIL_DOMAINS[rng.weightedIndex(EMAIL_DOMAIN_WEIGHTS)]?.[0];
  let address = `${local}@${domain ?? 'example.com'}`;
  while (used.has(address)) address = `${local}${rng.int(100, 9999)}@${domain ?? 'example.com'}`;
  used.add(address);
  return address;
}

function phoneFor(rng: Rng, used: Set<string>): string {
  for (;;) {
    let digits = '';
    for (let i = 0; i < 9; i++) digits += String(rng.int(0, 9));
    const phone = `+861${rng.pick(MOBILE_PREFIXES)}${digits}`;
    if (!used.has(phone)) {
      used.add(phone);
      return phone;
    }
  }
}

function deviceToken(rng: Rng, used: Set<string>): string {
  for (;;) {
    let token = '';
    for (let i = 0; i < DEVICE_TOKEN_LENGTH; i++) token += TOKEN_ALPHABET[rng.int(0, 63)] ?? 'x';
    if (!used.has(token)) {
      used.add(token);
      return token;
    }
  }
}

/** Draws the population and inserts learners and their identities as it goes. */
export function createPopulation(
  rng: Rng,
  statements: Statements,
  args: { count: number; historyStart: number; now: number; nextIdentityId: () => number },
): Population {
  const { count, historyStart, now } = args;
  const createdAt = new Float64Array(count);
  const startingEnd = historyStart + STARTING_AUDIENCE_DAYS * DAY_MS;
  for (let i = 0; i < count; i++) {
    createdAt[i] = rng.chance(STARTING_AUDIENCE_SHARE)
      ? randomMomentBetween(rng, historyStart, startingEnd)
      : // u^0.85 leans towards the recent months: a school that is slowly growing.
        startingEnd + Math.floor((now - DAY_MS - startingEnd) * rng.next() ** 0.85);
  }
  // Ids follow sign-up order, as they would in a real workspace.
  createdAt.sort();

  const population: Population = {
    count,
    createdAt,
    engagement: new Float64Array(count),
    propensity: new Float64Array(count),
    interest: new Uint8Array(count),
    hasDevice: new Uint8Array(count),
    chineseShare: new Float64Array(count),
    email: new Array<string | null>(count).fill(null),
    phone: new Array<string | null>(count).fill(null),
  };
  const emails = new Set<string>();
  const phones = new Set<string>();
  const tokens = new Set<string>();
  const sigma2 = ENGAGEMENT_SIGMA * ENGAGEMENT_SIGMA;

  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const created = createdAt[i] ?? historyStart;
    // Mean-one log-normals, so rates below read as "per average learner".
    const engagement = rng.logNormal(-sigma2 / 2, ENGAGEMENT_SIGMA);
    const propensity = engagement ** 0.9 * rng.logNormal(-0.08, 0.4);
    population.engagement[i] = engagement;
    population.propensity[i] = propensity;
    population.interest[i] = rng.weightedIndex(INTEREST_WEIGHTS) % TOPICS.length;

    const name = drawName(rng);
    population.chineseShare[i] = CHINESE_SHARE[name.kind];
    const shopOnly = rng.chance(SHOP_ONLY_SHARE);
    population.hasDevice[i] = shopOnly ? 0 : 1;

    // A shop-only buyer is known by the contact the shop exported; viewers give contact details
    // only sometimes, and Chinese audiences give a phone more readily than an email.
    let hasEmail: boolean;
    let hasPhone: boolean;
    if (shopOnly) {
      hasEmail = rng.chance(0.75);
      hasPhone = !hasEmail || rng.chance(0.3);
    } else {
      hasEmail = rng.chance(name.kind === 'hanzi' ? 0.4 : 0.6);
      hasPhone = rng.chance(name.kind === 'hanzi' || name.kind === 'nickname' ? 0.45 : 0.25);
    }
    const email = hasEmail ? emailFor(rng, name, emails) : null;
    const phone = hasPhone ? phoneFor(rng, phones) : null;
    population.email[i] = email;
    population.phone[i] = phone;

    const gaveContact = email !== null || phone !== null;
    const linkConsent = gaveContact && rng.chance(0.8) ? 1 : 0;
    const followUpConsent =
      gaveContact && rng.chance(0.45 + 0.25 * (engagement / (1 + engagement))) ? 1 : 0;
    statements.learner.run(
      id,
      name.display,
      created,
      linkConsent,
      followUpConsent,
      gaveContact ? created : null,
    );
    if (!shopOnly) {
      statements.identity.run(
        args.nextIdentityId(),
        id,
        'device',
        deviceToken(rng, tokens),
        created,
      );
    }
    if (email !== null) statements.identity.run(args.nextIdentityId(), id, 'email', email, created);
    if (phone !== null) statements.identity.run(args.nextIdentityId(), id, 'phone', phone, created);
  }
  return population;
}
