import { env } from "../config/env";

/** Live authoring (the content watcher, its event stream and the page's live reload) runs under `next dev` only. */
export function liveAuthoring(): boolean {
  return env().NODE_ENV === "development";
}
