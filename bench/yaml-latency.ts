/**
 * Keystroke to diagnostics for a `.asl.yaml`, over LSP as an editor sees it, beside the same
 * machine as `.asl.json` in the same server and the same run (so a loaded machine slows both):
 * the built server opens the generated machine of 100, 300 and 1,000 states in both syntaxes;
 * single-character didChange edits inside a state's Comment (a character typed, then deleted)
 * alternate between the two documents; the time from each didChange to the publishDiagnostics of
 * that version is measured, debounce included. Then a new field typed one character at a time
 * (a YAML line `Foo: 1`, a JSON member `"Foo": 1,`), through the versions with syntax errors
 * that typing passes. Prints medians, p90, the YAML / JSON ratio and the load average. The goal
 * (issue 13): at most 150 ms at 300 states.
 *
 *   npm run bench:yaml-latency                  (build, compile, run)
 *   node out/bench/yaml-latency.js --sizes=300 --keystrokes=30 --fields=4
 *   node out/bench/yaml-latency.js --server-flags=--cpu-prof,--cpu-prof-dir=/tmp/prof   (profile the server)
 */
import { loadavg } from 'node:os';
import { SERVER_NODE_FLAGS } from '../protocol/serverFlags';
import { seededRandom } from '../server/src/core/engine/random';
import { parseText } from '../server/src/core/syntax';
import { treeToYaml } from '../server/src/core/yaml';
import { generateMachine } from '../test/fixtures/generate';
import { ms, table } from './format';
import { Editor, option, Server, sleep, summary } from './lsp';

const DEFAULT_SIZES = [100, 300, 1000];
/** Keystrokes measured per size and syntax (after WARM_UP ones not counted). */
const DEFAULT_KEYSTROKES = 30;
const WARM_UP = 6;
/** A pause between keystrokes, so each one's latency is its own (a typist's pause). */
const PAUSE_MS = 150;
/** New fields typed per size and syntax, one character at a time. */
const DEFAULT_FIELDS = 4;
/** What is typed, and where: at the end of a state's Comment line (YAML), before a state's Comment (JSON). */
const NEW_FIELD = { yaml: '\n    Foo: 1', json: '"Foo": 1, ' };
/** Issue 13: keystroke to diagnostics in a 300-state `.asl.yaml` at most 150 ms over LSP. */
const GOALS: Record<number, number> = { 300: 150 };

/** Where a state's Comment value starts, in either syntax: typing there keeps the text valid. */
function commentOffsets(text: string, marker: string): number[] {
  const all: number[] = [];
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) all.push(i + marker.length);
  // The first is the machine's own Comment: the states' are the ones typed in.
  return all.slice(1);
}

interface Row {
  states: number;
  jsonKb: number;
  yamlKb: number;
  json: number[];
  yaml: number[];
  /** Keystrokes of new fields typed. */
  jsonField: number[];
  yamlField: number[];
}

async function measureSize(server: Server, states: number, keystrokes: number, fields: number): Promise<Row> {
  const json = generateMachine({ states, seed: 42 });
  const tree = parseText(json, 'json').tree;
  if (!tree) throw new Error('the generated machine does not parse');
  const yaml = treeToYaml(tree);
  const docs = {
    json: new Editor(server, `file:///bench/yaml-latency-${states}.asl.json`, json, 'asl'),
    yaml: new Editor(server, `file:///bench/yaml-latency-${states}.asl.yaml`, yaml, 'asl-yaml'),
  };
  const places = { json: commentOffsets(json, '"Comment": "'), yaml: commentOffsets(yaml, 'Comment: ') };
  await docs.json.open();
  await docs.yaml.open();
  const random = seededRandom(states);
  const times: Record<'json' | 'yaml', number[]> = { json: [], yaml: [] };
  const total = WARM_UP / 2 + keystrokes / 2;
  for (let k = 0; k < total; k++) {
    // Alternating syntaxes: a load that comes and goes weighs on both alike.
    for (const syntax of ['json', 'yaml'] as const) {
      const editor = docs[syntax];
      const list = places[syntax];
      const offset = list[Math.floor(random() * list.length)];
      for (const insert of ['x', '']) {
        const sent = await editor.keystroke(offset, insert);
        const arrived = await server.diagnostics(editor.uri, editor.version);
        if (k >= WARM_UP / 2) times[syntax].push(arrived - sent);
        await sleep(PAUSE_MS);
      }
    }
  }
  const typed: Record<'json' | 'yaml', number[]> = { json: [], yaml: [] };
  for (let f = 0; f < fields; f++) {
    for (const syntax of ['json', 'yaml'] as const) {
      const editor = docs[syntax];
      const place = places[syntax][Math.floor(random() * places[syntax].length)];
      // YAML: the end of the Comment line; JSON: the Comment member's opening quote.
      const at = syntax === 'yaml' ? editor.textNow().indexOf('\n', place) : place - '"Comment": "'.length;
      const snippet = NEW_FIELD[syntax];
      for (let k = 0; k < snippet.length; k++) {
        const sent = await editor.keystroke(at + k, snippet[k]);
        typed[syntax].push((await server.diagnostics(editor.uri, editor.version)) - sent);
        await sleep(PAUSE_MS);
      }
      // Undone in one edit, as an undo does.
      await editor.edit(at, snippet.length, '');
      await server.diagnostics(editor.uri, editor.version);
      await sleep(PAUSE_MS);
    }
  }
  for (const editor of Object.values(docs))
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: editor.uri } });
  return {
    states,
    jsonKb: json.length / 1024,
    yamlKb: yaml.length / 1024,
    json: times.json,
    yaml: times.yaml,
    jsonField: typed.json,
    yamlField: typed.yaml,
  };
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const sizes = option('sizes')?.split(',').map(Number) ?? DEFAULT_SIZES;
  const keystrokes = Number(option('keystrokes') ?? DEFAULT_KEYSTROKES);
  const fields = Number(option('fields') ?? DEFAULT_FIELDS);
  const serverFlags = option('server-flags')?.split(',') ?? [];
  const loadStart = load();
  console.log(
    `YAML keystroke to diagnostics over LSP (node ${process.version}, server flags ${[...SERVER_NODE_FLAGS, ...serverFlags].join(' ')}); load average ${loadStart}`,
  );
  const server = new Server(undefined, serverFlags);
  await server.initialize();
  const rows: Row[] = [];
  for (const states of sizes) {
    rows.push(await measureSize(server, states, keystrokes, fields));
    console.log(`  ${states} states measured (load ${load()})`);
  }
  await server.stop();
  console.log();
  console.log(
    table(
      ['states', '.asl.yaml: median', 'p90', '.asl.json: median', 'p90', 'YAML / JSON (medians)', 'goal (YAML median)'],
      rows.map((r) => {
        const y = summary(r.yaml);
        const j = summary(r.json);
        const goal = GOALS[r.states];
        return [
          `${r.states} (${Math.round(r.yamlKb)} KB YAML, ${Math.round(r.jsonKb)} KB JSON)`,
          ms(y.median),
          ms(y.p90),
          ms(j.median),
          ms(j.p90),
          `${(y.median / j.median).toFixed(2)}x`,
          goal === undefined ? '-' : `${y.median <= goal ? 'met' : 'MISSED'} (${goal} ms)`,
        ];
      }),
    ),
  );
  console.log();
  console.log(
    table(
      ['states', 'new field typed, .asl.yaml: median', 'p90', '.asl.json: median', 'p90', 'YAML / JSON (medians)'],
      rows.map((r) => {
        const y = summary(r.yamlField);
        const j = summary(r.jsonField);
        return [String(r.states), ms(y.median), ms(y.p90), ms(j.median), ms(j.p90), `${(y.median / j.median).toFixed(2)}x`];
      }),
    ),
  );
  console.log(
    `\n${keystrokes} keystrokes per size and syntax (a character typed in a state's Comment, then deleted), ${PAUSE_MS} ms apart, the two syntaxes alternating;`,
  );
  console.log(
    `${fields} new fields per size and syntax typed a character at a time (${JSON.stringify(NEW_FIELD.yaml)} / ${JSON.stringify(NEW_FIELD.json)}), then undone.`,
  );
  console.log(`Load average at the start ${loadStart}, at the end ${load()}.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
