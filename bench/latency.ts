/**
 * Keystroke to diagnostics, over LSP as an editor sees it: the built server (`dist/server.js
 * --stdio`, with the V8 flags the extension gives it) opens generated machines of 100, 1,000 and
 * 5,000 states; single-character incremental didChange edits are sent as an editor sends them;
 * the time from each didChange to the publishDiagnostics of that version is measured (median,
 * p90), debounce included. Then bursts of keystrokes 30 ms apart: how many validations follow.
 * Beside it, amazon-states-language-service's validation of the same text (in this process).
 *
 *   npm run bench:latency                       (build, compile, run)
 *   node out/bench/latency.js --sizes=100,1000 --keystrokes=40
 *   node out/bench/latency.js --server=/other/checkout/dist/server.js   (another build, to compare)
 */
import { loadavg } from 'node:os';
import { SERVER_NODE_FLAGS } from '../protocol/serverFlags';
import { seededRandom } from '../server/src/core/engine/random';
import { generateMachine } from '../test/fixtures/generate';
import { ms, table } from './format';
import { toolById } from './tools';
import { Editor, option, Server, sleep, summary } from './lsp';

const DEFAULT_SIZES = [100, 1000, 5000];
/** Keystrokes measured per size and place (after WARM_UP ones not counted). */
const DEFAULT_KEYSTROKES = 40;
const WARM_UP = 6;
/** A pause between measured keystrokes, so each one's latency is its own (a typist's pause). */
const PAUSE_MS = 150;
/** The burst: keystrokes this far apart (fast typing), then a wait for anything further. */
const BURST_KEYSTROKES = 10;
const BURST_GAP_MS = 30;
const BURSTS = 5;
const SETTLE_MS = 1500;
/** The goals of issue #11: median keystroke to diagnostics. */
const GOALS: Record<number, number> = { 1000: 100, 5000: 200 };
const PEER_RUNS = 5;

/** Inside a Comment string: typing there keeps the JSON valid, as most keystrokes do. */
function commentOffsets(text: string): { root: number; states: number[] } {
  const marker = '"Comment": "';
  const all: number[] = [];
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) all.push(i + marker.length);
  return { root: all[0], states: all.slice(1) };
}

interface Figures {
  states: number;
  characters: number;
  inState: number[];
  inRoot: number[];
  burstPublishes: number[];
  burstLastLatency: number[];
  peer: number;
}

async function measureSize(server: Server, states: number, keystrokes: number): Promise<Figures> {
  const text = generateMachine({ states, seed: 42 });
  const editor = new Editor(server, `file:///bench/latency-${states}.asl.json`, text);
  await editor.open();
  const random = seededRandom(states);
  const { root, states: places } = commentOffsets(text);
  // Each place gets a character typed, then deleted again (a typo and its correction), so the
  // text stays the same size and valid.
  const run = async (place: () => number, count: number): Promise<number[]> => {
    const out: number[] = [];
    for (let k = 0; k < count; k++) {
      const offset = place();
      for (const insert of ['x', '']) {
        const sent = await editor.keystroke(offset, insert);
        const arrived = await server.diagnostics(editor.uri, editor.version);
        out.push(arrived - sent);
        await sleep(PAUSE_MS);
      }
    }
    return out;
  };
  const inState = () => places[Math.floor(random() * places.length)];
  await run(inState, WARM_UP / 2);
  const inStateMs = await run(inState, keystrokes / 2);
  const inRootMs = await run(() => root, keystrokes / 2);
  const burstPublishes: number[] = [];
  const burstLastLatency: number[] = [];
  for (let b = 0; b < BURSTS; b++) {
    const offset = inState();
    const before = server.published.length;
    const first = editor.version + 1;
    let lastSent = 0;
    for (let k = 0; k < BURST_KEYSTROKES; k++) {
      lastSent = await editor.keystroke(offset + k, 'y');
      if (k < BURST_KEYSTROKES - 1) await sleep(BURST_GAP_MS);
    }
    const arrived = await server.diagnostics(editor.uri, editor.version);
    burstLastLatency.push(arrived - lastSent);
    await sleep(SETTLE_MS);
    burstPublishes.push(server.published.slice(before).filter((p) => p.uri === editor.uri && (p.version ?? 0) >= first).length);
    // Delete the burst again, in one edit.
    await editor.keystroke(offset, '');
    for (let k = 1; k < BURST_KEYSTROKES; k++) await editor.keystroke(offset, '');
    await server.diagnostics(editor.uri, editor.version);
    await sleep(PAUSE_MS);
  }
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: editor.uri } });
  return {
    states,
    characters: text.length,
    inState: inStateMs,
    inRoot: inRootMs,
    burstPublishes,
    burstLastLatency,
    peer: await peerValidation(text),
  };
}

/** amazon-states-language-service's validation of the same text: the median of a few runs. */
async function peerValidation(text: string): Promise<number> {
  const run = toolById('asl-ls').load();
  await run(text);
  const times: number[] = [];
  for (let i = 0; i < PEER_RUNS; i++) {
    const t0 = performance.now();
    await run(text);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function main(): Promise<void> {
  const sizes = option('sizes')?.split(',').map(Number) ?? DEFAULT_SIZES;
  const keystrokes = Number(option('keystrokes') ?? DEFAULT_KEYSTROKES);
  const loadStart = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `Keystroke to diagnostics over LSP (node ${process.version}, server flags ${SERVER_NODE_FLAGS.join(' ')}); load average ${loadStart}`,
  );
  const server = new Server();
  await server.initialize();
  const results: Figures[] = [];
  for (const states of sizes) {
    results.push(await measureSize(server, states, keystrokes));
    console.log(`  ${states} states measured`);
  }
  await server.stop();
  const rows = results.map((r) => {
    const s = summary(r.inState);
    const root = summary(r.inRoot);
    const burst = summary(r.burstLastLatency);
    const goal = GOALS[r.states];
    return [
      `${r.states} (${Math.round(r.characters / 1024)} KB)`,
      ms(s.median),
      ms(s.p90),
      ms(root.median),
      ms(root.p90),
      r.burstPublishes.join(' '),
      ms(burst.median),
      ms(r.peer),
      goal === undefined ? '-' : `${s.median <= goal && root.median <= goal ? 'met' : 'MISSED'} (${goal} ms)`,
    ];
  });
  console.log();
  console.log(
    table(
      [
        'states',
        'in a state: median',
        'p90',
        'root Comment: median',
        'p90',
        `publishes per burst of ${BURST_KEYSTROKES}`,
        'burst: last key to diagnostics',
        'amazon-states-language-service validation',
        'goal (median)',
      ],
      rows,
    ),
  );
  console.log(
    `\n${keystrokes} keystrokes per size and place (a character typed, then deleted), ${PAUSE_MS} ms apart; bursts: ${BURSTS} of ${BURST_KEYSTROKES} keystrokes ${BURST_GAP_MS} ms apart.`,
  );
  console.log(
    `Load average at the start ${loadStart}, at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
