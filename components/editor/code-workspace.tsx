"use client";

import { type Ref, useEffect, useImperativeHandle, useRef, useState } from "react";
import type { InstantReport } from "@/components/instant-report/instant-report";
import { usePreferences } from "@/components/layout/preferences";
import { ScrollRegion } from "@/components/layout/scroll-region";
import { useMediaQuery } from "@/components/layout/use-media-query";
import type { RevealLocation } from "./editor-context";
import { FileTabs, TAB_ROW_MAX, tabId } from "./file-tabs";
import { parseLocation } from "./locations";
import type { EditorFile, WorkspaceEditor } from "./monaco-workspace";

export type CodeWorkspaceHandle = { reveal: RevealLocation };

interface Props {
  files: readonly EditorFile[];
  report: InstantReport | undefined;
  lessons: readonly string[];
  onChange(path: string, content: string): void;
  onSubmit(): void;
  ref?: Ref<CodeWorkspaceHandle>;
}

const PANEL_ID = "file-panel";
const MIN_HEIGHT = 240;
const MAX_HEIGHT = 640;
const TEXT_BOX =
  "rounded border border-slate-300 bg-slate-50 p-3 font-mono text-sm dark:border-slate-700 dark:bg-slate-900";

let loading: Promise<typeof import("./monaco-workspace")> | undefined;
/** One download of Monaco per page. Never on the server: the guard also keeps Monaco out of the server's bundle. */
const loadMonaco = () => {
  if (typeof window === "undefined") return Promise.reject(new Error("Monaco runs in the browser only"));
  loading ??= import("./monaco-workspace");
  return loading;
};

/** The exercise's files in tabs, edited in Monaco once its chunk arrives; until then (and on a phone) plain text. */
export function CodeWorkspace({ files, report, lessons, onChange, onSubmit, ref }: Props) {
  const [active, setActive] = useState(files[0]?.path ?? "");
  const [monacoReady, setMonacoReady] = useState(false);
  const phone = useMediaQuery("(max-width: 639px)");
  // The theme the page shows (the learner's choice, or the system's), so the editor never differs from the page.
  const dark = usePreferences().shownTheme === "dark";
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<WorkspaceEditor>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const pendingLine = useRef<number>(undefined);
  const [height, setHeight] = useState(MIN_HEIGHT);
  // The editor is created once; these keep its callbacks pointing at the latest props.
  const latest = useRef({ onChange, onSubmit });
  latest.current = { onChange, onSubmit };
  const showMonaco = monacoReady && !phone;

  // Without Monaco (a chunk that failed to load) the textareas stay: worse, but the exercise still works.
  useEffect(() => {
    loadMonaco()
      .then(() => setMonacoReady(true))
      .catch(() => {});
  }, []);

  // Created once per mount of the host; files, theme and report reach it through the effects below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the theme and lessons it starts with are enough
  useEffect(() => {
    if (!showMonaco || !host.current) return;
    let disposed = false;
    let created: WorkspaceEditor | undefined;
    void loadMonaco().then(({ WorkspaceEditor }) => {
      if (disposed || !host.current) return;
      created = new WorkspaceEditor(host.current, {
        lessons,
        dark,
        onChange: (path, content) => latest.current.onChange(path, content),
        onSubmit: () => latest.current.onSubmit(),
      });
      created.onContentHeight((h) => setHeight(Math.min(Math.max(h, MIN_HEIGHT), MAX_HEIGHT)));
      setEditor(created);
    });
    return () => {
      disposed = true;
      created?.dispose();
      setEditor(undefined);
    };
  }, [showMonaco]);

  useEffect(() => {
    if (!editor) return;
    editor.sync(files);
    editor.show(active);
    if (pendingLine.current !== undefined) {
      editor.reveal(active, pendingLine.current);
      pendingLine.current = undefined;
    }
  }, [editor, files, active]);

  useEffect(() => editor?.setReport(report), [editor, report]);
  useEffect(() => editor?.setDark(dark), [editor, dark]);

  // Without Monaco, a reveal selects the line in the textarea once its tab is showing.
  useEffect(() => {
    const area = textarea.current;
    if (!area || pendingLine.current === undefined || editor) return;
    const lines = area.value.split("\n");
    const line = Math.min(pendingLine.current, lines.length);
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    pendingLine.current = undefined;
  });

  useImperativeHandle(ref, () => ({
    reveal(location) {
      const at = parseLocation(location);
      if (!at || !files.some((f) => f.path === at.path)) return false;
      if (editor && at.path === active) editor.reveal(at.path, at.line);
      else pendingLine.current = at.line;
      setActive(at.path);
      return true;
    },
  }));

  const file = files.find((f) => f.path === active) ?? files[0];
  if (!file) return null;
  return (
    <div className={files.length > TAB_ROW_MAX ? "flex flex-col gap-3 sm:flex-row" : ""}>
      <FileTabs files={files} active={file.path} onSelect={setActive} panelId={PANEL_ID} />
      <div id={PANEL_ID} role="tabpanel" aria-labelledby={tabId(file.path)} className="min-w-0 flex-1">
        {phone && (
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400" data-testid="editor-phone-note">
            Editing needs a larger screen: on a phone the files are shown read-only.
          </p>
        )}
        {showMonaco ? (
          <div
            ref={host}
            data-testid={`editor-${file.path}`}
            data-editor="monaco"
            data-read-only={file.readOnly}
            style={{ height }}
            className="overflow-hidden rounded border border-slate-300 dark:border-slate-700"
          />
        ) : file.readOnly || phone ? (
          <ScrollRegion
            as="pre"
            label={file.path}
            data-testid={`editor-${file.path}`}
            className={`max-h-[40rem] overflow-auto ${TEXT_BOX}`}
          >
            {file.content}
          </ScrollRegion>
        ) : (
          <textarea
            key={file.path}
            ref={textarea}
            aria-labelledby={tabId(file.path)}
            data-testid={`editor-${file.path}`}
            value={file.content}
            spellCheck={false}
            onChange={(e) => onChange(file.path, e.target.value)}
            rows={Math.min(24, Math.max(8, file.content.split("\n").length + 2))}
            className={`block w-full ${TEXT_BOX}`}
          />
        )}
        {!phone && (
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400" data-testid="editor-keys">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submits, <kbd>Ctrl</kbd>+<kbd>S</kbd> saves (<kbd>⌘</kbd> on a Mac). In the
            editor Tab indents: press <kbd>Ctrl</kbd>+<kbd>M</kbd> (<kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>M</kbd> on a
            Mac) to make Tab move focus instead. <kbd>Ctrl</kbd>+<kbd>.</kbd> on a marked line makes its fix, where the
            fix is a one-line edit.
          </p>
        )}
      </div>
    </div>
  );
}
