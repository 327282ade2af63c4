import { filesSettings } from "../config/settings";

/** Live authoring (the content watcher, its event stream and the page's live reload) runs under `next dev` only. */
export function liveAuthoring(): boolean {
  return filesSettings().NODE_ENV === "development";
}
