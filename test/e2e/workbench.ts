// What a user does in the VS Code workbench, through its UI only: Quick Open, the command
// palette, Go to Line, typing, the mouse hover, completion, rename (F2), the light bulb, CodeLenses, the
// Problems panel, the status bar, views of the activity bar, context menus, dialogs and webviews. Every wait is on something appearing in the page.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { PageElement } from './pageTypes';
import { pollUntil } from '../support/poll';

export interface Problem {
  /** The file name the Problems panel groups the marker under. */
  file: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based, as the panel shows it. */
  line: number;
  column: number;
  /** The full row text (message, source, code and position). */
  text: string;
}

export interface CodeLensRow {
  /** The 1-based line the CodeLens stands above (the first line number drawn below it). */
  line: number | undefined;
  /** What it shows, left to right, without the `|` separators. */
  titles: string[];
}

export class Workbench {
  constructor(readonly page: Page) {}

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget input.input');
  }

  /** The editor that has the keyboard focus. */
  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor.focused').first();
  }

  async waitUntilReady(): Promise<void> {
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 90_000 });
    // The explorer lists the folder once the remote file system answers.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
  }

  /** Opens a workspace file through Quick Open (Ctrl+P), as a user would type its path. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop()!;
    await this.page.keyboard.press('Control+P');
    await this.quickInput.fill(relativePath);
    // Rows of an earlier filter may still show for a moment: click the row for this very file.
    await this.quickPickRow(name).click();
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor();
    await this.activeEditor.waitFor();
  }

  /** Runs a command from the palette (F1) by its exact title, e.g. `DNN: Train Model`. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput.fill(`>${title}`);
    await this.quickPickRow(title).click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** The Quick Open / palette row whose label is exactly `label`. */
  private quickPickRow(label: string): Locator {
    return this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
  }

  /** Moves the cursor with Go to Line/Column (Ctrl+G); line and column are 1-based as in the status bar. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInput.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('[id="status.editor.selection"]', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  /** The language shown in the status bar, e.g. `DNN`. */
  async languageMode(): Promise<string> {
    return (await this.page.locator('[id="status.editor.mode"]').innerText()).trim();
  }

  /**
   * The rendered text of a line of the active editor (1-based), including injected text
   * such as inlay hints. Monaco positions lines absolutely, so the line is found through the
   * line number in the margin at the same height.
   */
  async lineText(line: number): Promise<string> {
    return this.activeEditor.evaluate((editor: PageElement, wanted) => {
      const numbers = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers'));
      const number = numbers.find((n) => n.textContent?.trim() === String(wanted));
      if (!number) throw new Error(`line ${wanted} is not rendered`);
      const top = number.parentElement?.style.top;
      const viewLine = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((l) => l.style.top === top);
      if (!viewLine) throw new Error(`no view line at the height of line ${wanted}`);
      return viewLine.textContent!.replace(/\u00a0/g, ' ');
    }, line);
  }

  /** The distinct token colour classes (`mtkN`) on a line: more than one means syntax colouring applies. */
  async tokenClasses(line: number): Promise<string[]> {
    return this.activeEditor.evaluate((editor: PageElement, wanted) => {
      const numbers = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers'));
      const number = numbers.find((n) => n.textContent?.trim() === String(wanted));
      const top = number?.parentElement?.style.top;
      const viewLine = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((l) => l.style.top === top);
      const classes = Array.from(viewLine?.querySelectorAll('span') ?? []).flatMap((s) => [...s.classList].filter((c) => /^mtk\d+$/.test(c)));
      return [...new Set(classes)];
    }, line);
  }

  /** Selects the text of a line (after its indentation) and types `text` over it, as a user would. */
  async retypeLine(line: number, text: string): Promise<void> {
    await this.goTo(line, 1);
    await this.page.keyboard.press('End');
    await this.page.keyboard.press('Shift+Home');
    await this.typeText(text);
  }

  /** Opens a new line below `line` and types `text` on it. */
  async typeOnNewLineAfter(line: number, text: string): Promise<void> {
    await this.goTo(line, 1);
    await this.page.keyboard.press('End');
    await this.page.keyboard.press('Enter');
    await this.typeText(text);
  }

  private async typeText(text: string): Promise<void> {
    await this.page.keyboard.type(text);
    // Suggestions that opened while typing would take the next Enter or arrow key.
    await this.closeSuggestions();
  }

  async closeSuggestions(): Promise<void> {
    const widget = this.page.locator('.editor-widget.suggest-widget.visible');
    if (await widget.isVisible()) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden' });
    }
  }

  /** Triggers completion (Ctrl+Space) at the cursor and returns the offered labels once they show. */
  async completionLabels(expected: string): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    const rows = this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
    await rows.filter({ hasText: expected }).first().waitFor();
    return (await rows.locator('.label-name').allInnerTexts()).map((t) => t.trim());
  }

  /**
   * Hovers the mouse over the character at a 1-based position: the cursor is put there with
   * Go to Line, and the mouse goes to the cursor's place on screen.
   */
  async hoverAt(line: number, column: number, expected: string | RegExp): Promise<string> {
    await this.page.keyboard.press('Escape');
    await this.goTo(line, column);
    const cursor = await this.activeEditor.locator('.cursors-layer .cursor').first().boundingBox();
    if (!cursor) throw new Error('the editor shows no cursor');
    await this.page.mouse.move(cursor.x + 3, cursor.y + cursor.height / 2);
    const hover = this.page.locator('.monaco-editor .monaco-hover-content', { hasText: expected }).first();
    await hover.waitFor();
    return hover.innerText();
  }

  /** Renames the symbol at a 1-based position with F2, as a user types the new name into the rename box. */
  async rename(line: number, column: number, newName: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.goTo(line, column);
    await this.page.keyboard.press('F2');
    const input = this.page.locator('.monaco-editor .rename-box input').first();
    await input.waitFor();
    // Into the box itself, never as keys the editor could take (Ctrl+A there would select the file).
    await input.fill(newName);
    await input.press('Enter');
    await this.page.locator('.monaco-editor .rename-box').first().waitFor({ state: 'hidden' });
  }

  /** Clicks the light bulb at a position and picks the code action with this title. */
  async applyQuickFix(line: number, column: number, title: string | RegExp): Promise<void> {
    await this.goTo(line, column);
    const bulb = this.page.locator('.monaco-editor.focused .lightBulbWidget').first();
    await bulb.waitFor();
    await bulb.click();
    const action = this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
    const box = await action.boundingBox();
    if (!box) throw new Error(`the light bulb menu offers no action ${title}`);
    // The menu lays a pointer block over the page (so webviews can't take the mouse) that
    // goes away when the mouse moves, as it does for a real user reaching for the item.
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await action.click();
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
  }

  /**
   * The CodeLenses drawn in the active editor, top to bottom. Each is a row of links (the
   * commands) in a gap the editor opens above the line the lens belongs to.
   */
  async codeLenses(): Promise<CodeLensRow[]> {
    return this.activeEditor.evaluate((editor: PageElement) => {
      const numbers = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).map((n) => ({
        line: Number(n.textContent?.trim()),
        top: n.getBoundingClientRect().top,
      }));
      return Array.from(editor.querySelectorAll('.codelens-decoration'))
        .map((lens) => {
          const { top, bottom } = lens.getBoundingClientRect();
          const below = numbers.filter((n) => n.top >= bottom - 2).sort((a, b) => a.top - b.top)[0];
          const titles = Array.from(lens.querySelectorAll(':scope > a, :scope > span'))
            .map((part) => (part.textContent ?? '').replace(/\u00a0/g, ' ').trim())
            .filter((title) => title !== '|' && title !== '');
          return { top, line: below?.line, titles };
        })
        .sort((a, b) => a.top - b.top)
        .map(({ line, titles }) => ({ line, titles }));
    });
  }

  /** Clicks the CodeLens command whose title is exactly `title` in the active editor. */
  async clickCodeLens(title: string): Promise<void> {
    const link = this.activeEditor
      .locator('.codelens-decoration > a[role="button"]')
      .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) });
    await link.click();
  }

  /** The Problems panel, opened from the palette and read row by row. */
  async problems(): Promise<Problem[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.runCommand('Problems: Focus on Problems View');
      await panel.waitFor();
      // Opening the panel takes the keyboard focus: give it back to the editor the user types in.
      await this.runCommand('View: Focus Active Editor Group');
    }
    const rows = await panel.locator('.monaco-list-row').evaluateAll((elements: PageElement[]) =>
      elements.map((e) => ({
        level: e.getAttribute('aria-level'),
        name: e.querySelector('.label-name')?.textContent?.trim() ?? '',
        text: e.innerText.replace(/\s+/g, ' ').trim(),
        severity: e.querySelector('.codicon-error') ? 'error' : e.querySelector('.codicon-warning') ? 'warning' : 'info',
      })),
    );
    const problems: Problem[] = [];
    let file = '';
    for (const row of rows) {
      if (row.level === '1') {
        file = row.name;
        continue;
      }
      const position = /\[Ln (\d+), Col (\d+)\]/.exec(row.text);
      if (!position) continue;
      problems.push({
        file,
        severity: row.severity as Problem['severity'],
        message: row.text.slice(0, row.text.lastIndexOf('[Ln')).trim(),
        line: Number(position[1]),
        column: Number(position[2]),
        text: row.text,
      });
    }
    return problems;
  }

  /** Waits until the Problems panel satisfies `accept` (diagnostics arrive asynchronously). */
  async waitForProblems(accept: (problems: Problem[]) => boolean, description: string, timeoutMs = 30_000): Promise<Problem[]> {
    return pollUntil(() => this.problems(), accept, { description: `Problems panel: ${description}`, timeoutMs });
  }

  /** Messages of the notification toasts on screen (errors of a command show here). */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts()).map((t) => t.trim());
  }

  /** Shows a view container by clicking its icon in the activity bar (e.g. `DNN Runs`); a click on the shown one would hide it. */
  async openViewContainer(title: string): Promise<void> {
    const shown = this.page.locator('.part.sidebar .composite.title', { hasText: new RegExp(escapeRegExp(title), 'i') }).first();
    if (await shown.isVisible()) return;
    await this.page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${title}"]`).first().click();
    await shown.waitFor();
  }

  /** The rows of the tree shown in the side bar (a view container's view). */
  get sideBarRows(): Locator {
    return this.page.locator('.part.sidebar .pane-body .monaco-list-row');
  }

  /** Right-clicks `target` and picks the context menu item labelled exactly `label`. */
  async contextMenu(target: Locator, label: string): Promise<void> {
    await target.click({ button: 'right' });
    const item = this.page.locator('.monaco-menu .action-item .action-label', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }).first();
    await item.waitFor();
    const box = await item.boundingBox();
    if (box) await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await item.click();
    await this.page.locator('.monaco-menu').first().waitFor({ state: 'hidden' });
  }

  /** The modal dialog on screen (a confirmation). */
  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /** Clicks the dialog's button labelled exactly `label` and waits for it to go (another dialog may follow at once). */
  async answerDialog(label: string): Promise<void> {
    const button = this.dialog.getByRole('button', { name: label, exact: true });
    await button.click();
    await button.waitFor({ state: 'hidden' });
  }

  /**
   * The content of the webview panel whose editor tab shows `tabTitle`. A webview is an
   * iframe (VS Code's host page) holding another (the extension's page); hidden webviews
   * stay in the DOM, so the visible one is taken.
   */
  async webview(tabTitle: string): Promise<FrameLocator> {
    // The panel's tab is the active one of its editor group when its webview is the one shown.
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${tabTitle}"]`).first().waitFor();
    return this.page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
