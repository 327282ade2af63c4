"use client";

import { type KeyboardEvent, useRef } from "react";
import type { EditorFile } from "./monaco-workspace";

interface Props {
  files: readonly Pick<EditorFile, "path" | "readOnly">[];
  active: string;
  onSelect(path: string): void;
  /** The id of the panel the tabs control. */
  panelId: string;
}

export const tabId = (path: string) => `file-tab-${path.replace(/[^\w-]/g, "_")}`;

const TAB = "rounded-t px-3 py-1.5";
const READ_ONLY_MARK = "inline-flex items-center gap-0.5 text-xs font-normal text-slate-500 dark:text-slate-400";
/** A file in a folder is indented under the folder's name. */
const treeItem = (dir: string) => `rounded px-2 py-1 text-left ${dir ? "pl-5" : ""}`;

/** Up to this many files fit in a row of tabs; more are listed as a tree beside the editor. */
export const TAB_ROW_MAX = 4;

/** The exercise's files as an ARIA tablist (arrows, Home, End), laid out as a tree by folder past a handful. */
export function FileTabs({ files, active, onSelect, panelId }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const tree = files.length > TAB_ROW_MAX;
  const ordered = tree ? [...files].sort((a, b) => treeOrder(a.path, b.path)) : files;

  function onKeyDown(event: KeyboardEvent) {
    const index = ordered.findIndex((f) => f.path === active);
    const step: Record<string, number> = tree
      ? { ArrowDown: 1, ArrowUp: -1, ArrowRight: 1, ArrowLeft: -1 }
      : { ArrowRight: 1, ArrowLeft: -1 };
    let next: number | undefined;
    if (event.key in step) next = (index + step[event.key]! + ordered.length) % ordered.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = ordered.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const path = ordered[next]!.path;
    onSelect(path);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(path))}`)?.focus();
  }

  let folder = "";
  return (
    <div
      ref={list}
      role="tablist"
      aria-label="Files of the exercise"
      aria-orientation={tree ? "vertical" : "horizontal"}
      data-layout={tree ? "tree" : "tabs"}
      onKeyDown={onKeyDown}
      className={
        tree
          ? "flex w-full shrink-0 flex-col gap-0.5 text-sm sm:w-52"
          : "flex flex-wrap gap-1 border-b border-slate-200 text-sm dark:border-slate-700"
      }
    >
      {ordered.map((file) => {
        const parts = file.path.split("/");
        const name = parts.pop()!;
        const dir = parts.join("/");
        const heading = tree && dir !== folder ? dir : undefined;
        if (tree) folder = dir;
        const selected = file.path === active;
        return (
          <div key={file.path} role="presentation" className={tree ? "" : "contents"}>
            {heading && (
              <div aria-hidden="true" className="mt-1 px-2 font-mono text-xs text-slate-500 dark:text-slate-400">
                {heading}/
              </div>
            )}
            <button
              type="button"
              role="tab"
              id={tabId(file.path)}
              aria-selected={selected}
              aria-controls={panelId}
              data-file={file.path}
              tabIndex={selected ? 0 : -1}
              onClick={() => onSelect(file.path)}
              className={
                `flex w-full items-center gap-1.5 font-mono ${tree ? treeItem(dir) : TAB} ` +
                (selected
                  ? "bg-slate-200 font-semibold dark:bg-slate-800"
                  : "text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-900")
              }
            >
              {/* Named by what it shows (WCAG 2.5.3: a speech user says the visible text), the folder the tree
                  shows as a heading above read first. */}
              <span>
                {tree && dir && <span className="sr-only">{dir}/</span>}
                {tree ? name : file.path}
              </span>
              {file.readOnly && " "}
              {file.readOnly && (
                <span className={READ_ONLY_MARK}>
                  <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3 fill-current">
                    <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" />
                  </svg>
                  read-only
                </span>
              )}
            </button>
          </div>
        );
      })}
    </div>
  );
}

/** Files of the top folder first, then each folder's files together, alphabetically. */
function treeOrder(a: string, b: string): number {
  const depth = (p: string) => (p.includes("/") ? 1 : 0);
  return depth(a) - depth(b) || a.localeCompare(b);
}
