// Everything that needs Monaco: a chunk of its own, imported once the page is usable, served by the app (no CDN).
import * as monaco from "monaco-editor/editor/editor.api";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/caretOperations/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/codeAction/register";
import "monaco-editor/features/codeEditor/register";
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/cursorUndo/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/gotoLine/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/indentation/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/readOnlyMessage/register";
import "monaco-editor/features/toggleTabFocusMode/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/wordOperations/register";
import "monaco-editor/languages/definitions/cpp/register";
import "monaco-editor/languages/definitions/dockerfile/register";
import "monaco-editor/languages/definitions/markdown/register";
import "monaco-editor/languages/definitions/python/register";
import "monaco-editor/languages/definitions/shell/register";
import "monaco-editor/languages/definitions/yaml/register";
import type { InstantReport } from "@/components/instant-report/instant-report";
import type { SubmittedFile } from "@/lib/file-sets/validate-files";
import { helpAt } from "./dockerfile-help";
import { languageFor } from "./languages";
import { markersFor } from "./markers";

// The editor's own worker (diffs, word lists), bundled by Next from the package like any other module.
globalThis.MonacoEnvironment = {
  getWorker: () => new Worker(new URL("./monaco.worker.ts", import.meta.url), { name: "monaco-editor" }),
};

/** A language with only comments and a few tokens to colour: requirements files, .dockerignore and .gitignore. */
function hashCommentLanguage(id: string, root: monaco.languages.IMonarchLanguageRule[]) {
  monaco.languages.register({ id });
  monaco.languages.setMonarchTokensProvider(id, { tokenizer: { root: [[/#.*$/, "comment"], ...root] } });
  monaco.languages.setLanguageConfiguration(id, { comments: { lineComment: "#" } });
}
hashCommentLanguage("pip-requirements", [
  [/^\s*-{1,2}[\w-]+/, "keyword"],
  [/(===|==|~=|!=|<=|>=|<|>)/, "operator"],
  [/;.*$/, "string"],
  [/\[[\w,\s-]*\]/, "type"],
  [/[\w.*+-]+/, "identifier"],
]);
hashCommentLanguage("ignore-file", [
  [/^!/, "keyword"],
  [/\*\*?|\?/, "operator"],
]);

// Line numbers at 4.5:1 or more (WCAG 1.4.3), the last line's too: Monaco dims an empty last line's unless told.
const theme = (dark: boolean) => (dark ? "dockyard-dark" : "dockyard-light");
for (const dark of [false, true]) {
  const lineNumber = dark ? "#858585" : "#237893";
  monaco.editor.defineTheme(theme(dark), {
    base: dark ? "vs-dark" : "vs",
    inherit: true,
    rules: [],
    colors: {
      "editor.background": dark ? "#0f172a" : "#ffffff",
      "editorLineNumber.foreground": lineNumber,
      "editorLineNumber.dimmedForeground": lineNumber,
    },
  });
}

/** What the page tells the editor about the course; the providers below are global, so this is too. */
const course = { lessons: new Set<string>(), report: undefined as InstantReport | undefined };

const lessonUrl = (slug: string): string | undefined =>
  course.lessons.has(slug) ? new URL(`/lessons/${slug}`, window.location.origin).toString() : undefined;

monaco.languages.registerHoverProvider("dockerfile", {
  provideHover(model, position) {
    const found = helpAt(model.getLinesContent(), position.lineNumber, position.column);
    if (!found) return null;
    const { help } = found;
    const url = help.lesson ? lessonUrl(help.lesson) : undefined;
    return {
      range: new monaco.Range(position.lineNumber, found.startColumn, position.lineNumber, found.endColumn),
      contents: [{ value: `**${help.title}**` }, { value: help.text }, ...(url ? [{ value: `[Lesson](${url})` }] : [])],
    };
  },
});

// The Dockerfile's fixes and the compose file's (YAML): each fix names its file, so one provider serves both.
monaco.languages.registerCodeActionProvider(
  ["dockerfile", "yaml"],
  {
    provideCodeActions(model, range, context) {
      const report = course.report;
      const path = model.uri.path.slice(1);
      // Fixes are computed for one text of their file; after any edit they wait for the next check.
      if (!report || model.getValue() !== report.sources[path]) return { actions: [], dispose() {} };
      const actions = report.fixes
        .filter((f) => f.path === path && f.line >= range.startLineNumber && f.line <= range.endLineNumber)
        .map(
          ({ line, fix }): monaco.languages.CodeAction => ({
            title: fix.title,
            kind: "quickfix",
            isPreferred: true,
            diagnostics: context.markers.filter((m) => m.startLineNumber === line),
            edit: {
              edits: fix.edits.map((e) => ({
                resource: model.uri,
                versionId: model.getVersionId(),
                textEdit: { range: new monaco.Range(e.startLine, e.startColumn, e.endLine, e.endColumn), text: e.text },
              })),
            },
          }),
        );
      return { actions, dispose() {} };
    },
  },
  { providedCodeActionKinds: ["quickfix"] },
);

export type EditorFile = SubmittedFile & { readOnly: boolean };

export interface WorkspaceEditorOptions {
  lessons: readonly string[];
  dark: boolean;
  onChange(path: string, content: string): void;
  onSubmit(): void;
}

const uriOf = (path: string) => monaco.Uri.from({ scheme: "file", path: `/${path}` });

/** One Monaco editor showing one file at a time, each a model of its own (undo history, cursor, scroll). */
export class WorkspaceEditor {
  private readonly editor: monaco.editor.IStandaloneCodeEditor;
  private readonly files = new Map<string, { model: monaco.editor.ITextModel; readOnly: boolean }>();
  private readonly viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  private readonly disposables: monaco.IDisposable[] = [];
  private active: string | undefined;

  constructor(
    host: HTMLElement,
    private readonly options: WorkspaceEditorOptions,
  ) {
    for (const slug of options.lessons) course.lessons.add(slug);
    this.editor = monaco.editor.create(host, {
      model: null,
      theme: theme(options.dark),
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 14,
      tabSize: 4,
      renderWhitespace: "none",
      fixedOverflowWidgets: true,
      ariaLabel: "Code editor",
      readOnlyMessage: { value: "This file is part of the exercise: it is read-only." },
    });
    this.editor.addAction({
      id: "dockyard.submit",
      label: "Submit for grading",
      // Replaces Monaco's own Ctrl+Enter (insert line below), which learners rarely miss.
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => this.options.onSubmit(),
    });
    this.disposables.push(
      this.editor.onDidChangeModelContent(() => {
        const model = this.editor.getModel();
        const path = this.active;
        if (model && path) this.options.onChange(path, model.getValue());
      }),
    );
  }

  /** Brings the models in line with the page's files: new files, and contents changed outside (reset, restore). */
  sync(files: readonly EditorFile[]): void {
    for (const file of files) {
      const known = this.files.get(file.path);
      if (!known) {
        const model = monaco.editor.createModel(file.content, languageFor(file.path), uriOf(file.path));
        this.files.set(file.path, { model, readOnly: file.readOnly });
      } else if (known.model.getValue() !== file.content) {
        // An edit rather than setValue, so Ctrl+Z brings back what a reset replaced.
        known.model.pushEditOperations(
          [],
          [{ range: known.model.getFullModelRange(), text: file.content }],
          () => null,
        );
      }
    }
  }

  show(path: string): void {
    const file = this.files.get(path);
    if (!file || path === this.active) return;
    if (this.active) this.viewStates.set(this.active, this.editor.saveViewState());
    this.active = path;
    this.editor.setModel(file.model);
    this.editor.updateOptions({ readOnly: file.readOnly });
    const state = this.viewStates.get(path);
    if (state) this.editor.restoreViewState(state);
  }

  /** Scrolls to `line` of `path`, selects it and puts the cursor there. */
  reveal(path: string, line: number): void {
    this.show(path);
    const model = this.editor.getModel();
    if (!model) return;
    const lineNumber = Math.min(Math.max(line, 1), model.getLineCount());
    this.editor.setSelection(new monaco.Range(lineNumber, 1, lineNumber, model.getLineMaxColumn(lineNumber)));
    this.editor.revealLineInCenter(lineNumber);
    this.editor.focus();
  }

  setReport(report: InstantReport | undefined): void {
    course.report = report;
    for (const [path, { model }] of this.files) {
      const found = markersFor(report?.findings ?? [], { path, lines: model.getLinesContent() }, lessonUrl);
      const markers = found.map((m) => ({
        ...m,
        code: m.code && { ...m.code, target: monaco.Uri.parse(m.code.target) },
      }));
      monaco.editor.setModelMarkers(model, "dockyard", markers);
    }
  }

  setDark(dark: boolean): void {
    monaco.editor.setTheme(theme(dark));
  }

  /** The height the content needs, in CSS pixels, so the page can size the editor to it. */
  onContentHeight(listener: (height: number) => void): void {
    this.disposables.push(this.editor.onDidContentSizeChange((e) => listener(e.contentHeight)));
    listener(this.editor.getContentHeight());
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.editor.dispose();
    for (const { model } of this.files.values()) model.dispose();
    this.files.clear();
  }
}
