/**
 * The graph of a state machine, as data: what `buildGraph` makes from the core's Machine, what
 * `layoutGraph` positions, what `svg.ts` draws, what the CLI prints as JSON and what the server
 * sends to the graph panel. Plain JSON (no Maps, no cycles), so it crosses process boundaries.
 */
import type { Severity } from '../types';

/** `start`/`end` are the markers of a scope; `missing` stands for a target no state has. */
export type NodeKind = 'state' | 'start' | 'end' | 'missing';

export interface RetryBadge {
  /** Number of retriers in the Retry array. */
  retriers: number;
  /** The largest MaxAttempts among them (3 when not written, as in AWS). */
  maxAttempts: number;
  /** One line per retrier: "Lambda.ServiceException, …: 3 attempts, 1 s × 2". */
  summary: string[];
}

export interface GraphNode {
  /** Unique in the graph and stable across edits of other states (derived from the names on its path). */
  id: string;
  kind: NodeKind;
  /** The state name; the target name for `missing`; empty for markers. */
  name: string;
  /** The state's Type as written (absent when not a string). */
  type?: string;
  /** Id of the scope the node is drawn in. */
  scope: string;
  /** Offset and length of the state's name key in the text, quotes included (for reveal). */
  nameOffset?: number;
  nameLength?: number;
  /** Offsets from the name key to the end of the definition (for "which state is the cursor in"). */
  start?: number;
  end?: number;
  retry?: RetryBadge;
  /** End: true, Succeed or Fail. */
  terminal?: boolean;
  /** No transition from its scope's StartAt reaches it (or its container). */
  unreachable?: boolean;
  /** The worst severity of the diagnostics inside the state's own definition. */
  severity?: Severity;
  /** The first few of those diagnostics' messages, for the tooltip. */
  problems?: string[];
  /** Parallel branches and Map processors: ids of the scopes drawn inside this node. */
  children?: string[];
  comment?: string;
  /** A Map whose processor runs in DISTRIBUTED mode. */
  distributed?: boolean;
  /** Set on a Parallel or Map collapsed in the panel: how many states its hidden branches hold. */
  hidden?: number;
  /** The scalar values of the fields the panel's form edits (editTypes.ts FORM_FIELDS), when the state has them. */
  fields?: Record<string, string | number>;
}

export type EdgeKind = 'start' | 'next' | 'default' | 'choice' | 'catch' | 'end';

export interface GraphEdge {
  id: string;
  kind: EdgeKind;
  from: string;
  to: string;
  /** Short label: a Choice rule's condition, "Default", a Catch's error names. */
  label?: string;
  /** The full text when the label was shortened. */
  detail?: string;
  /** For a Choice rule's edge, the rule's index in "Choices" (so a run can light the rule that matched). */
  rule?: number;
}

export type ScopeKind = 'machine' | 'branch' | 'processor';

export interface GraphScope {
  id: string;
  kind: ScopeKind;
  /** The Parallel or Map node the scope belongs to. */
  owner?: string;
  /** "Branch 1", "Iteration", "Distributed iteration". */
  label: string;
  /** Nodes drawn directly in this scope (not in nested scopes), markers included, in text order. */
  nodes: string[];
  /** Edges between those nodes. Transitions never leave a scope in ASL. */
  edges: string[];
}

export interface GraphModel {
  format: 'asl-workbench-graph';
  version: 1;
  /** Id of the machine's scope; absent when the text has no state machine object. */
  root?: string;
  scopes: GraphScope[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Number of state definitions (markers and missing targets not counted). */
  stateCount: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NodeGeometry extends Box {
  /** The name as drawn, wrapped and possibly shortened (the full name goes in the tooltip). */
  lines: string[];
}

export interface EdgeGeometry {
  points: Point[];
  /** Where the label is drawn, with its wrapped lines. */
  label?: Box & { lines: string[] };
  /**
   * Drawn as a short arrow to a reference box naming the target, instead of a line across the
   * graph: for Catch edges into a handler that many states share (see layout.ts).
   */
  reference?: Box & { text: string };
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Record<string, NodeGeometry>;
  edges: Record<string, EdgeGeometry>;
  /** The frame of each nested scope (branch or processor), inside its container node. */
  scopes: Record<string, Box>;
  /** Set when a scope was too large or too looped for the full layout and was drawn in simple rows. */
  notes?: string[];
}

/** A model with its layout: what the renderer and the panel need. */
export interface PositionedGraph {
  model: GraphModel;
  layout: GraphLayout;
}
