import * as React from "react";
import * as runtime from "react/jsx-runtime";
import type { ComponentType } from "react";

type MdxComponents = Record<string, ComponentType<any>>;

/**
 * Evaluates mdx-bundler output on the server. The compiled code and anything
 * it closes over stay on the server; only rendered HTML (and the props of
 * client components) reach the browser.
 */
export function MdxContent({ code, components }: { code: string; components: MdxComponents }) {
  const Component = evaluate(code);
  return <Component components={components} />;
}

const evaluated = new Map<string, ComponentType<{ components: MdxComponents }>>();

function evaluate(code: string) {
  let component = evaluated.get(code);
  if (!component) {
    const fn = new Function("React", "ReactDOM", "_jsx_runtime", code);
    component = fn(React, {}, runtime).default as ComponentType<{ components: MdxComponents }>;
    evaluated.set(code, component);
  }
  return component;
}
