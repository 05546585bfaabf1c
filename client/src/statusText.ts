/** What the status bar item says, computed without vscode so the wording lives in one place. */
export type ServerStatus = 'starting' | 'running' | 'stopped' | 'failed';

export interface ProblemCounts {
  errors: number;
  warnings: number;
}

export interface StatusText {
  text: string;
  tooltip: string;
  /** Draw the item with the error background (the server is not running when it should). */
  alarming: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function statusText(status: ServerStatus, counts: ProblemCounts | undefined, detail?: string): StatusText {
  const suffix = detail ? `\n${detail}` : '';
  switch (status) {
    case 'starting':
      return { text: '$(loading~spin) ASL', tooltip: 'ASL language server: starting' + suffix, alarming: false };
    case 'stopped':
      return { text: '$(debug-stop) ASL', tooltip: 'ASL language server: stopped' + suffix, alarming: false };
    case 'failed':
      return {
        text: '$(error) ASL: server stopped',
        tooltip: 'ASL language server: not running. Run "ASL: Restart Language Server".' + suffix,
        alarming: true,
      };
    case 'running': {
      const summary = counts ? `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}` : '';
      const tooltip = `ASL language server: running${summary ? `\nThis file: ${summary}` : ''}\nClick to open the Problems panel.` + suffix;
      if (!counts || (counts.errors === 0 && counts.warnings === 0)) return { text: '$(check) ASL', tooltip, alarming: false };
      if (counts.errors === 0) return { text: `$(warning) ASL: ${counts.warnings}`, tooltip, alarming: false };
      return { text: `$(error) ASL: ${counts.errors}`, tooltip, alarming: false };
    }
  }
}
