import type { FileEntry, LayerFacts } from "./image-facts";

export interface PlacedEntry {
  entry: FileEntry;
  /** Index of the layer holding this copy. */
  layer: number;
}

/** A copy of a path that a later layer hid; its bytes stay in the image. */
export interface ShadowedCopy extends PlacedEntry {
  /** The layer that deleted or replaced it. */
  hiddenBy: number;
  how: "deleted" | "overwritten";
}

export interface Overlay {
  /** What a container sees: the surviving copy of every path. */
  final: Map<string, PlacedEntry>;
  shadowed: ShadowedCopy[];
}

/**
 * Stacks layers the way overlayfs does, bottom first: in each layer,
 * whiteouts remove lower paths (a directory with everything under it), an
 * opaque marker hides everything under a directory, and a new entry replaces
 * the lower copy of its path.
 */
export function overlayLayers(layers: LayerFacts[]): Overlay {
  const final = new Map<string, PlacedEntry>();
  const children = new Map<string, Set<string>>();
  const shadowed: ShadowedCopy[] = [];

  const remove = (path: string, includeSelf: boolean, hiddenBy: number, how: ShadowedCopy["how"]) => {
    const stack = includeSelf ? [path] : [...(children.get(path) ?? [])];
    while (stack.length > 0) {
      const current = stack.pop()!;
      const placed = final.get(current);
      if (placed) {
        shadowed.push({ ...placed, hiddenBy, how });
        final.delete(current);
        children.get(parentOf(current))?.delete(current);
      }
      const kids = children.get(current);
      if (kids) {
        stack.push(...kids);
        children.delete(current);
      }
    }
  };

  for (const layer of layers) {
    for (const entry of layer.files) {
      if (entry.whiteout) remove(entry.path, !entry.opaque, layer.index, "deleted");
    }
    for (const entry of layer.files) {
      if (entry.whiteout) continue;
      const previous = final.get(entry.path);
      if (previous && previous.layer !== layer.index) {
        if (previous.entry.type === "dir" && entry.type !== "dir") remove(entry.path, false, layer.index, "deleted");
        // A directory entry carries no bytes; re-listing it in a later layer wastes nothing.
        if (!(previous.entry.type === "dir" && entry.type === "dir"))
          shadowed.push({ ...previous, hiddenBy: layer.index, how: "overwritten" });
      }
      final.set(entry.path, { entry, layer: layer.index });
      const parent = parentOf(entry.path);
      const siblings = children.get(parent) ?? new Set<string>();
      children.set(parent, siblings);
      siblings.add(entry.path);
    }
  }
  return { final, shadowed };
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash >= 0 ? path.slice(0, slash) : "";
}

const cache = new WeakMap<LayerFacts[], Overlay>();

/** overlayLayers, computed once per image: several checks read the same overlay. */
export function overlayOf(layers: LayerFacts[]): Overlay {
  const known = cache.get(layers);
  if (known) return known;
  const overlay = overlayLayers(layers);
  cache.set(layers, overlay);
  return overlay;
}
