// The debugger in the real workbench: F5 on the seed example with a breakpoint on a state stops
// there, the Run and Debug view shows the stack and the variables, a step goes to the next state,
// continue runs to the end; the graph panel follows (the paused state, the path so far, the
// breakpoints, one toggled from the graph); and with "debugHandlers" a breakpoint inside a Lambda
// handler is hit through VS Code's JavaScript debugger (js-debug, a child session).
// What the Debug view shows is read through the adapter's own answers (a tracker sees every
// message) and, under code-server, in the rendered workbench.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

const SEED = 'article-review/article-review.asl.json';
const HANDLERS = 'article-review/handlers/article.mjs';
const CHOICE = 'm/Choice';

/** Every message each debug adapter sends (asl and js-debug alike), and waits on them. */
function watchAdapters() {
  const seen = [];
  let waiters = [];
  const check = () => {
    waiters = waiters.filter((w) => {
      const i = seen.findIndex((s, k) => k >= w.from && w.accept(s));
      if (i < 0) return true;
      clearTimeout(w.timer);
      w.resolve(seen[i]);
      return false;
    });
  };
  const factory = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message) => {
        seen.push({ session, message });
        check();
      },
    }),
  });
  return {
    dispose: () => factory.dispose(),
    mark: () => seen.length,
    /** The first message after `from` that `accept` takes. */
    wait(accept, what, from = 0, timeoutMs = h.WAIT_MS * 3) {
      return new Promise((resolve, reject) => {
        const w = {
          accept,
          from,
          resolve,
          timer: setTimeout(
            () =>
              reject(
                new Error(
                  `timed out waiting for ${what}; last: ${JSON.stringify(seen.slice(-12).map((s) => [s.session.type, s.message.type, s.message.event || s.message.command, s.message.success === false ? s.message.message : s.message.event === 'output' ? s.message.body.output.slice(0, 200) : undefined]))}; the adapters' output since: ${JSON.stringify(
                    seen
                      .slice(from)
                      .filter((s) => s.message.event === 'output' || s.message.event === 'stopped')
                      .map((s) => [
                        s.session.type,
                        s.message.event,
                        s.message.body.output?.slice(0, 300) ?? s.message.body.reason,
                        s.message.body.text,
                      ]),
                  )}`,
                ),
              ),
            timeoutMs,
          ),
        };
        waiters.push(w);
        check();
      });
    },
  };
}

const isStop = (type) => (s) => s.session.type === type && s.message.type === 'event' && s.message.event === 'stopped';

const nextPost = h.nextPost;

async function topFrame(session, threadId) {
  const st = await session.customRequest('stackTrace', { threadId });
  return st.stackFrames;
}

async function scope(session, frameId, name) {
  const { scopes } = await session.customRequest('scopes', { frameId });
  const s = scopes.find((x) => x.name === name);
  assert.ok(s, `no scope ${name} in ${scopes.map((x) => x.name).join(', ')}`);
  const { variables } = await session.customRequest('variables', { variablesReference: s.variablesReference });
  return Object.fromEntries(variables.map((v) => [v.name, v.value]));
}

function lineOf(doc, text) {
  const i = doc.getText().indexOf(text);
  assert.ok(i >= 0, `${text} not in ${doc.uri.path}`);
  return doc.positionAt(i).line;
}

function sourceBreakpoint(doc, line) {
  return new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(line, 0)));
}

/** Every debug session VS Code started and has not ended yet (the child sessions included). */
const live = new Map();
const lifecycle = [];
function watchSessions() {
  const note = (what, s) =>
    lifecycle.push(
      `${new Date().toISOString().slice(11, 23)} ${what} ${s.type} "${s.name}" ${s.id}${s.parentSession ? ` (parent ${s.parentSession.id})` : ''}`,
    );
  return vscode.Disposable.from(
    vscode.debug.onDidStartDebugSession((s) => {
      live.set(s.id, s);
      note('started', s);
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      live.delete(s.id);
      note('ended', s);
    }),
  );
}

/** The handler workers still running (ps), for a teardown that hangs. */
function workers() {
  try {
    return require('node:child_process')
      .execFileSync('ps', ['-eo', 'pid,pgid,stat,args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /handler-worker|inspect/.test(l))
      .join('\n');
  } catch (err) {
    return String(err);
  }
}

/**
 * Ends whatever debug sessions are left, and waits until each has ended. Sessions are counted by
 * their start and end events: `vscode.debug.activeDebugSession` can go on naming a js-debug child
 * session after it ended (seen in code-server 4.100.3: every session ended, the Run and Debug view
 * empty, and the API still returned the handler session for minutes).
 */
async function stopAll() {
  if (live.size === 0) return;
  await vscode.debug.stopDebugging();
  try {
    await h.poll(async () => live.size === 0, 'the debug sessions to end');
  } catch (err) {
    throw new Error(
      `${err.message}\nstill live: ${[...live.values()].map((s) => `${s.type} "${s.name}" ${s.id}`).join('; ')}; active: ${vscode.debug.activeDebugSession?.id}\nsessions:\n${lifecycle.join('\n')}\nworkers:\n${workers()}`,
    );
  }
}

suite('Debugger', () => {
  let adapters;
  let panel;
  let doc;

  let sessions;
  suiteSetup(() => {
    adapters = watchAdapters();
    sessions = watchSessions();
  });
  suiteTeardown(async () => {
    await stopAll();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    adapters.dispose();
    sessions.dispose();
    if (panel) panel.dispose();
  });

  test('F5 on the seed example stops at a breakpoint on Choice; stack and variables; the graph highlights it', async () => {
    doc = await h.openAsl(SEED);
    await h.poll(() => h.extension().isActive, 'the extension to activate');
    // Room for the graph beside the editor (the README's picture is taken below).
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 0.38 }, { size: 0.62 }] });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    panel = await vscode.commands.executeCommand('aslWorkbench.openGraph', doc.uri);
    await nextPost(panel, (m) => m.type === 'graph', 'the graph');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });

    // A breakpoint in the gutter's sense, two lines inside the Choice state: the graph shows it on Choice.
    const drawn = nextPost(
      panel,
      (m) => m.type === 'breakpoints' && m.nodes.some((b) => b.nodeId === CHOICE),
      'the breakpoint on the graph',
    );
    vscode.debug.addBreakpoints([sourceBreakpoint(doc, lineOf(doc, '"Choices"'))]);
    await drawn;

    const from = adapters.mark();
    const followed = nextPost(
      panel,
      (m) => m.type === 'debug' && m.progress && m.progress.phase === 'paused',
      'the panel to follow the stop',
      h.WAIT_MS * 3,
    );
    // F5 with no launch.json: the open machine, its mock file, its first test case.
    await vscode.commands.executeCommand('workbench.action.debug.start');
    const stop = await adapters.wait(isStop('asl'), 'the stop at Choice', from);
    const session = stop.session;
    assert.equal(stop.message.body.reason, 'breakpoint');
    assert.equal(session.configuration.program, doc.uri.fsPath);
    assert.equal(session.configuration.testCase, 'PendingGoesToReview');
    const frames = await topFrame(session, stop.message.body.threadId);
    assert.equal(frames[0].name, 'Choice');
    assert.equal(frames[0].line, lineOf(doc, '"Choice": {') + 1);
    const state = await scope(session, frames[0].id, 'State');
    assert.deepEqual(JSON.parse(state.input), { name: 'Intro to DP', status: 'Pending' });

    const progress = (await followed).progress;
    assert.deepEqual(progress.current, { stateName: 'Choice', scope: [] });
    assert.equal(progress.file, doc.uri.fsPath);

    // The Run and Debug view as drawn: the paused state in the call stack, the input in the variables.
    if (process.env.ASL_E2E_BRIDGE) {
      await vscode.commands.executeCommand('workbench.view.debug');
      await h.poll(
        async () => (await h.queryDom('.debug-call-stack .monaco-list-row')).some((r) => r.text.includes('Choice')),
        'the call stack to show Choice',
      );
      await h.poll(
        async () => (await h.queryDom('.debug-variables .monaco-list-row')).some((r) => r.text.startsWith('input')),
        'the variables to show the input',
      );
      await h.poll(
        async () => (await h.queryDom('.tab .label-name')).some((t) => t.text === 'Graph: article-review.asl.json'),
        'the graph beside it',
      );
      // The session opened the Debug Console: closed again, the graph has the height.
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await h.poll(
        async () => (await h.queryDom('.debug-call-stack .monaco-list-row')).some((r) => r.text.includes('Choice')),
        'the call stack after the layout change',
      );
      await fetch(`${process.env.ASL_E2E_BRIDGE}/screenshot?name=debugger`);
    }
  });

  test('a step goes to Add To Review and the graph follows; a breakpoint toggled on the graph stops the run there', async () => {
    const session = vscode.debug.activeDebugSession;
    assert.equal(session && session.type, 'asl');
    let from = adapters.mark();
    const moved = nextPost(
      panel,
      (m) => m.type === 'debug' && m.progress && m.progress.current && m.progress.current.stateName === 'Add To Review',
      'the panel to follow the step',
    );
    await vscode.commands.executeCommand('workbench.action.debug.stepOver');
    const step = await adapters.wait(isStop('asl'), 'the step', from);
    assert.equal(step.message.body.reason, 'step');
    assert.equal((await topFrame(session, 1))[0].name, 'Add To Review');
    const p = (await moved).progress;
    // The path so far: what ran, and the Choice's matched rule.
    assert.deepEqual(
      p.events.filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateName),
      ['GeeksForGeeks Article Description', 'Choice'],
    );

    // Toggled on the graph: a VS Code breakpoint on the state's name line, shown in the gutter's list and on the graph.
    const drawn = nextPost(
      panel,
      (m) => m.type === 'breakpoints' && m.nodes.some((b) => b.nodeId === 'm/Show%20Article'),
      'the toggled breakpoint on the graph',
    );
    panel.receive({ type: 'toggleBreakpoint', nodeId: 'm/Show%20Article' });
    await drawn;
    const showLine = lineOf(doc, '"Show Article": {');
    assert.ok(
      vscode.debug.breakpoints.some(
        (b) => b.location && b.location.uri.toString() === doc.uri.toString() && b.location.range.start.line === showLine,
      ),
    );

    from = adapters.mark();
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const at = await adapters.wait(isStop('asl'), 'the stop at Show Article', from);
    assert.equal(at.message.body.reason, 'breakpoint');
    assert.equal((await topFrame(session, 1))[0].name, 'Show Article');

    // Toggled again: gone from VS Code's breakpoints too.
    const removed = nextPost(
      panel,
      (m) => m.type === 'breakpoints' && !m.nodes.some((b) => b.nodeId === 'm/Show%20Article'),
      'the breakpoint removed',
    );
    panel.receive({ type: 'toggleBreakpoint', nodeId: 'm/Show%20Article' });
    await removed;
    assert.ok(!vscode.debug.breakpoints.some((b) => b.location && b.location.range.start.line === showLine));
  });

  test('continue runs to the end: the output, exit code 0, and the graph keeps the path', async () => {
    const session = vscode.debug.activeDebugSession;
    const from = adapters.mark();
    const over = nextPost(panel, (m) => m.type === 'debug' && m.progress && m.progress.phase === 'ended', 'the end on the graph');
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const exited = await adapters.wait(
      (s) => s.session === session && s.message.type === 'event' && s.message.event === 'exited',
      'the exit',
      from,
    );
    assert.equal(exited.message.body.exitCode, 0);
    const result = await adapters.wait(
      (s) => s.session === session && s.message.event === 'output' && s.message.body.data && s.message.body.data.status,
      'the result',
      from,
    );
    assert.deepEqual(result.message.body.data.output, { name: 'Intro to DP', status: 'Review' });
    assert.equal((await over).progress.status, 'SUCCEEDED');
    await h.poll(() => !vscode.debug.activeDebugSession, 'the session to end');
  });

  test("debugHandlers: a breakpoint inside a handler stops in VS Code's JavaScript debugger, then the machine goes on", async function () {
    if (!vscode.extensions.getExtension('ms-vscode.js-debug')) {
      console.log('skipping: no JavaScript debugger (ms-vscode.js-debug) in this VS Code');
      return this.skip();
    }
    // js-debug starts cold, and a handler worker under the inspector is slower still on a loaded machine.
    this.timeout(h.WAIT_MS * 8);
    if (!doc) doc = await h.openAsl(SEED);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    const handlers = await vscode.workspace.openTextDocument(h.workspaceUri(HANDLERS));
    const describeLine = lineOf(handlers, 'export const describe');
    // A column breakpoint inside the one-line handler's body: hit when the Task calls it, not as the module loads.
    const body = handlers.lineAt(describeLine).text.indexOf('({ name');
    const inHandlerBp = new vscode.SourceBreakpoint(new vscode.Location(handlers.uri, new vscode.Position(describeLine, body + 1)));
    vscode.debug.addBreakpoints([inHandlerBp, sourceBreakpoint(doc, lineOf(doc, '"Choice": {'))]);
    const from = adapters.mark();
    const graph = panel ?? (await vscode.commands.executeCommand('aslWorkbench.openGraph', doc.uri));
    // While the handler waits in the JavaScript debugger, the graph shows its Task running.
    const runningOnGraph = nextPost(
      graph,
      (m) =>
        m.type === 'debug' &&
        m.progress &&
        m.progress.phase === 'running' &&
        m.progress.current?.stateName === 'GeeksForGeeks Article Description',
      'the graph to show the Task running while its handler waits',
      h.WAIT_MS * 3,
    );
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders[0], {
      type: 'asl',
      request: 'launch',
      name: 'Debug handlers',
      program: doc.uri.fsPath,
      mocks: h.workspaceUri('article-review/article-review.mocks.json').fsPath,
      testCase: 'PendingGoesToReview',
      debugHandlers: true,
    });
    assert.ok(started);
    // The adapter asks the extension for the child session; js-debug attaches, sets the breakpoint and resumes the worker.
    const asked = await adapters.wait(
      (s) => s.session.type === 'asl' && s.message.type === 'event' && s.message.event === 'aslWorkbench.attachHandlers',
      'the request to attach to the handlers',
      from,
    );
    assert.equal(asked.message.body.configuration.type, 'pwa-node');
    const inHandler = await adapters.wait(
      (s) =>
        s.session.type === 'pwa-node' && s.message.type === 'event' && s.message.event === 'stopped' && s.message.body.reason !== 'entry',
      'the stop in the handler',
      from,
    );
    const child = inHandler.session;
    const frames = await topFrame(child, inHandler.message.body.threadId);
    assert.match(
      frames[0].source.path,
      /article\.mjs$/,
      JSON.stringify(frames.slice(0, 3).map((f) => [f.name, f.source && f.source.path, f.line])),
    );
    assert.equal(frames[0].line, describeLine + 1);
    assert.match(frames[0].name, /describe/, 'stopped in the call, not as the module loads');
    // The handler's argument: the Task's payload.
    const locals = (await child.customRequest('scopes', { frameId: frames[0].id })).scopes[0];
    const vars = (await child.customRequest('variables', { variablesReference: locals.variablesReference })).variables;
    assert.match(vars.find((v) => v.name === 'event').value, /Intro to DP/);
    await runningOnGraph;
    if (process.env.ASL_E2E_BRIDGE) await fetch(`${process.env.ASL_E2E_BRIDGE}/screenshot?name=debugger-handler`);

    vscode.debug.removeBreakpoints([inHandlerBp]);
    const mark = adapters.mark();
    const pausedOnGraph = nextPost(
      graph,
      (m) => m.type === 'debug' && m.progress && m.progress.phase === 'paused' && m.progress.current.stateName === 'Choice',
      'the graph to show the machine paused at Choice',
      h.WAIT_MS * 3,
    );
    await child.customRequest('continue', { threadId: inHandler.message.body.threadId });
    const choice = await adapters.wait(isStop('asl'), 'the machine to stop at Choice after the handler', mark);
    assert.equal((await topFrame(choice.session, 1))[0].name, 'Choice');
    assert.deepEqual(JSON.parse((await scope(choice.session, (await topFrame(choice.session, 1))[0].id, 'State')).input), {
      name: 'Intro to DP',
      status: 'Pending',
    });
    await pausedOnGraph;
    // Stopped half-way: every session ends (the handler worker with them) and the graph drops its paused mark.
    const cleared = nextPost(graph, (m) => m.type === 'debug' && m.progress === null, 'the paused mark to leave the graph');
    await stopAll();
    await cleared;
  });
});
