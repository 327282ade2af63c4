import type { z } from "zod";
import { RequestError } from "../errors/request-error";
import { formatBytes, formatMiB } from "../format/bytes";
import { describeLoneSurrogate, findIllFormedString } from "./unicode-text";

/**
 * Reads a JSON body without ever holding more than `maxBytes` in memory, so an oversized upload is refused with its
 * size instead of exhausting the server. Text that is not valid Unicode (a lone surrogate escape) is refused with its
 * place: nothing could store it.
 */
export async function readJson<T extends z.ZodType>(
  request: Request,
  schema: T,
  maxBytes: number,
): Promise<z.infer<T>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(declared, maxBytes);
  const reader = request.body?.getReader();
  if (!reader) throw new RequestError("BAD_REQUEST", "The request has no body.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(size, maxBytes);
    }
    chunks.push(value);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new RequestError("BAD_REQUEST", "The request body is not valid JSON.");
  }
  const parsed = schema.parse(data);
  const illFormed = findIllFormedString(parsed);
  if (illFormed) {
    const where = illFormed.path.length ? ` at ${illFormed.path.join(".")}` : "";
    throw new RequestError(
      "BAD_REQUEST",
      `The request has text that is not valid Unicode${where}: ${describeLoneSurrogate(illFormed.surrogate)}.`,
      { path: illFormed.path.join("."), line: illFormed.surrogate.line, column: illFormed.surrogate.column },
    );
  }
  return parsed;
}

const tooLarge = (size: number, max: number) =>
  new RequestError("PAYLOAD_TOO_LARGE", `The upload is ${formatBytes(size)} or more; the limit is ${formatMiB(max)}.`);
