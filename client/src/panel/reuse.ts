/** Which graph panel shows another machine when panels are reused per editor group (no vscode: tested in node). */

export interface PanelPlace {
  /** The editor group the panel is in (undefined while it is not shown). */
  viewColumn?: number;
  visible: boolean;
}

/** A panel in another editor group than the active editor's, the visible one first; undefined when there is none. */
export function reusablePanel<T extends { panel: PanelPlace }>(panels: readonly T[], editorColumn: number | undefined): T | undefined {
  const candidates = panels.filter((p) => p.panel.viewColumn !== undefined && p.panel.viewColumn !== editorColumn);
  return candidates.find((p) => p.panel.visible) ?? candidates[0];
}
