/**
 * A Server-Sent Events response: never cached or transformed on the way (a compressing proxy would hold events
 * back), and `X-Accel-Buffering: no` so nginx passes each event on as it comes.
 */
export function eventStreamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

/** Where a follower resumes: the browser's Last-Event-ID on a reconnect, else `?after=`, else the start. */
export function lastEventId(request: Request): string {
  return request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? "0";
}
