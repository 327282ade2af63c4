"use client";

import { useRouter } from "next/navigation";
import { useSend } from "@/components/http/use-request";

/** useSend for a change the page then shows: a success refreshes the page. `change` answers whether it worked. */
export function useChange() {
  const router = useRouter();
  const { busy, error, send } = useSend();

  async function change(method: string, url: string, body?: unknown) {
    const done = (await send(method, url, body)) !== null;
    if (done) router.refresh();
    return done;
  }

  return { busy, error, change };
}
