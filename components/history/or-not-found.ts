import { notFound } from "next/navigation";
import { RequestError } from "@/lib/errors/request-error";

/** A page's answer to a name that does not exist (or is not the learner's): the site's 404 page. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof RequestError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
