import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { SingleServerFrame } from '../../shared/contract/audience-protocol';
import type { SurveyPublic } from '../../shared/contract/satisfaction-protocol';
import { REACTIONS } from '../../shared/contract/audience-protocol';
import { createRng, type Rng } from '../kernel/random';
import { wsText } from '../net/ws-text';

/**
 * A simulated audience: real `ws` clients that behave like learners (arrive over time, some leave
 * early, chat, ask and upvote, vote in open polls, react, raise hands, check in, click offers),
 * driven by a seed. For tests, demos and load checks against the studio's own machine: it refuses
 * any host but loopback unless `allowLan` is set.
 */
export type SimulationProfile = 'lecture' | 'sale';

export interface SimulationOptions {
  /** The join URL (`http://host:port/j/CODE`) or the socket URL (`ws://host:port/ws/CODE`). */
  url: string;
  viewers: number;
  seconds: number;
  seed: number;
  profile: SimulationProfile;
  allowLan?: boolean;
  /** Called with a line of progress now and then (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface SimulationSummary {
  url: string;
  profile: SimulationProfile;
  seed: number;
  viewers: number;
  joined: number;
  leftEarly: number;
  sent: number;
  acked: number;
  duplicates: number;
  unanswered: number;
  sentByType: Record<string, number>;
  errors: Record<string, number>;
  latencyMs: { p50: number | null; p99: number | null; max: number | null };
  durationMs: number;
}

export const SIMULATION_MAX_VIEWERS = 5_000;
export const SIMULATION_MAX_SECONDS = 3_600;
const TICK_MS = 100;
const PING_EVERY_MS = 10_000;

/** Actions per second of one simulated learner, by profile. */
const RATES: Record<SimulationProfile, Record<'chat' | 'ask' | 'react' | 'hand', number>> = {
  lecture: { chat: 1 / 20, ask: 1 / 90, react: 1 / 6, hand: 1 / 240 },
  sale: { chat: 1 / 12, ask: 1 / 120, react: 1 / 3, hand: 1 / 600 },
};
const CLICK_CHANCE: Record<SimulationProfile, number> = { lecture: 0.05, sale: 0.3 };

const CHAT_LINES = [
  'Hello from the back row!',
  'Can you zoom in a little?',
  'That makes sense now',
  'Great example',
  '👍',
  '老师好',
  '明白了，谢谢',
  'Could you repeat the last step?',
  'Is this in the slides?',
  'wow',
];
const QUESTIONS = [
  'How does this compare to the previous approach?',
  'Will the recording be available?',
  'What should we read before next week?',
  'Can you show the example once more?',
  '这个方法适合初学者吗？',
];

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** `http://h:p/j/CODE` or `ws://h:p/ws/CODE` → the socket URL; throws a readable error. */
export function socketUrl(url: string, allowLan: boolean): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`not a URL: ${url}`);
  }
  if (!allowLan && !isLoopbackHost(parsed.hostname)) {
    throw new Error(
      `refusing to simulate an audience against ${parsed.hostname}: only loopback (127.0.0.1) unless --allow-lan`,
    );
  }
  const code = /^\/(?:j|ws)\/([A-Za-z0-9]{4,12})\/?$/.exec(parsed.pathname)?.[1];
  if (!code) throw new Error(`expected a join URL like http://127.0.0.1:PORT/j/CODE, got ${url}`);
  const scheme = parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? 'wss' : 'ws';
  return `${scheme}://${parsed.host}/ws/${code}`;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
}

interface SimViewer {
  index: number;
  rng: Rng;
  ws: WebSocket | null;
  joined: boolean;
  arriveAt: number;
  leaveAt: number;
  lastPingAt: number;
  seq: number;
}

export async function simulateAudience(options: SimulationOptions): Promise<SimulationSummary> {
  const target = socketUrl(options.url, options.allowLan ?? false);
  if (
    !Number.isInteger(options.viewers) ||
    options.viewers < 1 ||
    options.viewers > SIMULATION_MAX_VIEWERS
  ) {
    throw new Error(`--viewers must be a whole number from 1 to ${String(SIMULATION_MAX_VIEWERS)}`);
  }
  if (!(options.seconds > 0 && options.seconds <= SIMULATION_MAX_SECONDS)) {
    throw new Error(`--seconds must be more than 0 and at most ${String(SIMULATION_MAX_SECONDS)}`);
  }
  const durationMs = options.seconds * 1_000;
  const rates = RATES[options.profile];
  const master = createRng(options.seed, 'simulate');
  const started = Date.now();
  const sent = new Map<string, { at: number; type: string }>();
  const sentByType: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  let acked = 0;
  let duplicates = 0;
  let joined = 0;
  let leftEarly = 0;

  const viewers: SimViewer[] = Array.from({ length: options.viewers }, (_, index) => {
    const arriveAt = master.uniform(0, durationMs * 0.3);
    const leaves = master.chance(0.2);
    return {
      index,
      rng: createRng(options.seed, `viewer-${String(index)}`),
      ws: null,
      joined: false,
      arriveAt,
      leaveAt: leaves
        ? master.uniform(arriveAt + (durationMs - arriveAt) * 0.3, durationMs)
        : Infinity,
      lastPingAt: 0,
      seq: 0,
    };
  });

  const act = (viewer: SimViewer, frame: Record<string, unknown> & { type: string }): void => {
    if (!viewer.ws || viewer.ws.readyState !== WebSocket.OPEN || !viewer.joined) return;
    viewer.seq += 1;
    const id = `s${String(options.seed)}v${String(viewer.index)}n${String(viewer.seq)}${randomBytes(3).toString('hex')}`;
    sent.set(id, { at: performance.now(), type: frame.type });
    sentByType[frame.type] = (sentByType[frame.type] ?? 0) + 1;
    viewer.ws.send(JSON.stringify({ ...frame, id }));
  };

  /** Most simulated learners answer an open survey once, mostly satisfied. */
  const answer = (viewer: SimViewer, survey: SurveyPublic | null | undefined): void => {
    if (survey?.state !== 'open' || survey.mine !== null || !viewer.rng.chance(0.8)) return;
    const stars = (): number => viewer.rng.int(3, 5);
    act(viewer, {
      type: 'survey',
      surveyId: survey.id,
      classRating: stars(),
      teacherRating: stars(),
      contentRating: stars(),
      recommend: viewer.rng.int(5, 10),
    });
  };

  const react = (viewer: SimViewer, frame: SingleServerFrame): void => {
    const { rng } = viewer;
    switch (frame.type) {
      case 'welcome':
        viewer.joined = true;
        joined += 1;
        answer(viewer, frame.state.survey);
        if (frame.state.poll?.state === 'open' && frame.state.poll.myChoices === null) {
          act(viewer, {
            type: 'vote',
            runId: frame.state.poll.id,
            choices: [rng.int(0, frame.state.poll.options.length - 1)],
          });
        }
        if (frame.state.checkin && !frame.state.checkin.done)
          act(viewer, { type: 'checkin', checkinId: frame.state.checkin.id });
        return;
      case 'ack': {
        const start = sent.get(frame.id);
        if (start) {
          latencies.push(performance.now() - start.at);
          sent.delete(frame.id);
        }
        acked += 1;
        if (frame.duplicate) duplicates += 1;
        return;
      }
      case 'error':
        errors[frame.code] = (errors[frame.code] ?? 0) + 1;
        if (frame.id) sent.delete(frame.id);
        return;
      case 'question':
        if (!frame.question.upvotedByMe && frame.question.status === 'open' && rng.chance(0.2)) {
          act(viewer, { type: 'upvote', questionId: frame.question.id });
        }
        return;
      case 'poll':
        if (frame.run?.state === 'open' && frame.run.myChoices === null && rng.chance(0.85)) {
          const choice = rng.int(0, frame.run.options.length - 1);
          act(viewer, { type: 'vote', runId: frame.run.id, choices: [choice] });
        }
        return;
      case 'offer':
        if (frame.offer && rng.chance(CLICK_CHANCE[options.profile])) {
          act(viewer, { type: 'offerClick', offerId: frame.offer.id });
        }
        return;
      case 'survey':
        answer(viewer, frame.survey);
        return;
      case 'checkin':
        if (frame.checkin && !frame.checkin.done && rng.chance(0.9)) {
          act(viewer, { type: 'checkin', checkinId: frame.checkin.id });
        }
        return;
      default:
        return;
    }
  };

  const connect = (viewer: SimViewer): void => {
    const ws = new WebSocket(target);
    viewer.ws = ws;
    ws.on('open', () => {
      ws.send(
        JSON.stringify({
          type: 'join',
          protocol: 1,
          deviceToken: `sim${String(options.seed)}x${String(viewer.index).padStart(6, '0')}xxxxxxxx`,
          name: `Learner ${String(viewer.index + 1)}`,
          language: viewer.rng.chance(0.5) ? 'zh-CN' : 'en',
        }),
      );
    });
    ws.on('message', (data) => {
      const frame = JSON.parse(wsText(data)) as
        SingleServerFrame | { type: 'batch'; frames: SingleServerFrame[] };
      if (frame.type === 'batch') for (const inner of frame.frames) react(viewer, inner);
      else react(viewer, frame);
    });
    ws.on('error', () => {
      errors.SOCKET = (errors.SOCKET ?? 0) + 1;
    });
    ws.on('close', () => {
      viewer.joined = false;
    });
  };

  await new Promise<void>((resolve) => {
    let lastLog = 0;
    const timer = setInterval(() => {
      const elapsed = Date.now() - started;
      const dt = TICK_MS / 1_000;
      for (const viewer of viewers) {
        if (!viewer.ws && elapsed >= viewer.arriveAt && elapsed < viewer.leaveAt) connect(viewer);
        if (!viewer.ws || !viewer.joined) continue;
        if (elapsed >= viewer.leaveAt) {
          viewer.ws.close(1000);
          viewer.joined = false;
          leftEarly += 1;
          continue;
        }
        const { rng } = viewer;
        if (rng.chance(rates.chat * dt)) act(viewer, { type: 'chat', text: rng.pick(CHAT_LINES) });
        if (rng.chance(rates.ask * dt)) act(viewer, { type: 'ask', text: rng.pick(QUESTIONS) });
        if (rng.chance(rates.react * dt))
          act(viewer, { type: 'react', reaction: rng.pick(REACTIONS) });
        if (rng.chance(rates.hand * dt)) act(viewer, { type: 'hand', raised: rng.chance(0.7) });
        if (elapsed - viewer.lastPingAt >= PING_EVERY_MS) {
          viewer.lastPingAt = elapsed;
          viewer.ws.send(JSON.stringify({ type: 'ping', t: elapsed }));
        }
      }
      if (options.log && elapsed - lastLog >= 5_000) {
        lastLog = elapsed;
        options.log(
          `simulate: ${String(Math.round(elapsed / 1_000))} s, ${String(joined)} joined, ${String(acked)} acked`,
        );
      }
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });

  // Give the last actions a moment to be acknowledged, then leave.
  const drainUntil = Date.now() + 2_000;
  while (sent.size > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(
    viewers.map(
      (viewer) =>
        new Promise<void>((resolve) => {
          const ws = viewer.ws;
          if (!ws || ws.readyState === WebSocket.CLOSED) {
            resolve();
            return;
          }
          ws.once('close', () => resolve());
          ws.close(1000);
          setTimeout(() => {
            ws.terminate();
            resolve();
          }, 1_000).unref();
        }),
    ),
  );

  latencies.sort((a, b) => a - b);
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    url: target,
    profile: options.profile,
    seed: options.seed,
    viewers: options.viewers,
    joined,
    leftEarly,
    sent: Object.values(sentByType).reduce((a, b) => a + b, 0),
    acked,
    duplicates,
    unanswered: sent.size,
    sentByType,
    errors,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? null),
    },
    durationMs: Date.now() - started,
  };
}
