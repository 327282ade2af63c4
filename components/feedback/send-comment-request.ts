/**
 * Sends one comment request and answers with the server's message on refusal, or a plain one when the server never
 * answered; undefined when it worked.
 */
export async function sendCommentRequest(url: string, init: RequestInit, failed: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, init);
    if (response.ok) return undefined;
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return body?.error?.message ?? `${failed} (HTTP ${response.status}).`;
  } catch {
    // fetch rejects only when the request never got an answer.
    return "The server could not be reached. Please try again.";
  }
}

export const commentsUrl = (submissionId: string) => `/api/submissions/${encodeURIComponent(submissionId)}/comments`;
