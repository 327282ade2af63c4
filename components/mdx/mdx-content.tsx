import { getMDXComponent } from "mdx-bundler/client/jsx";
import type { ComponentType } from "react";
import * as React from "react";
import * as jsxRuntime from "react/jsx-runtime";
import { FramedTable } from "./framed-table";

// biome-ignore lint/suspicious/noExplicitAny: each component takes its own props; MDX passes them as written.
type MdxComponents = Record<string, ComponentType<any>>;
type MdxComponent = ComponentType<{ components: MdxComponents }>;

/**
 * Evaluates mdx-bundler output on the server. The compiled code and anything it closes over stay on the server; only
 * rendered HTML (and the props of client components) reach the browser.
 */
export function MdxContent({ code, components }: { code: string; components: MdxComponents }) {
  const Component = evaluate(code);
  // Markdown tables too get a frame that scrolls sideways on a phone.
  return <Component components={{ table: FramedTable, ...components }} />;
}

// Evaluating compiles the code, so each lesson's is evaluated once per server process.
const evaluated = new Map<string, MdxComponent>();

function evaluate(code: string): MdxComponent {
  // The "jsx" entry takes the JSX runtime from here rather than requiring its own copy of React, so the lesson
  // renders with the same React as the page around it.
  const component =
    evaluated.get(code) ?? (getMDXComponent(code, { React, ReactDOM: {}, _jsx_runtime: jsxRuntime }) as MdxComponent);
  evaluated.set(code, component);
  return component;
}
