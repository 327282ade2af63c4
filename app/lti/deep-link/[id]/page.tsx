import type { Metadata } from "next";
import { PRIMARY_BUTTON } from "@/components/http/form-styles";
import { ASSIGNMENT_KINDS } from "@/lib/content/item-kinds";
import { RequestError } from "@/lib/errors/request-error";
import { type DeepLinkChoice, deepLinkChoice } from "@/lib/lti/deep-linking";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Add a Dockyard item to your course", robots: { index: false } };

const KIND_HEADING = { exercise: "Exercises", lab: "Labs", quiz: "Lesson quizzes" } as const;

/** The LMS author's content picker (LTI Deep Linking): one item, sent back to the LMS signed. */
export default async function DeepLinkPickerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let choice: DeepLinkChoice;
  try {
    choice = await deepLinkChoice(id);
  } catch (err) {
    if (!(err instanceof RequestError)) throw err;
    return (
      <div className="max-w-2xl">
        <h1 className="text-2xl font-bold tracking-tight">Add a Dockyard item</h1>
        <p className="mt-4" data-testid="lti-refusal">
          {err.message}
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-bold tracking-tight">Add a Dockyard item to {choice.lmsName}</h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">
        Pick one exercise, lab or quiz. The link opens it for your learners, and their scores come back to the course
        out of 100 (with the class&apos;s late policy when you assign it in Dockyard).
      </p>
      <form method="post" action={`/api/lti/deep-link/${encodeURIComponent(id)}`} className="mt-6 space-y-6">
        {ASSIGNMENT_KINDS.map((kind) => {
          const items = choice.items.filter((i) => i.kind === kind);
          if (items.length === 0) return null;
          return (
            <fieldset key={kind}>
              <legend className="text-lg font-semibold">{KIND_HEADING[kind]}</legend>
              <ul className="mt-2 space-y-1">
                {items.map((item) => (
                  <li key={item.slug}>
                    <label className="flex items-start gap-2">
                      <input type="radio" name="item" value={`${kind}:${item.slug}`} required className="mt-1" />
                      <span>{item.title}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          );
        })}
        <button type="submit" className={PRIMARY_BUTTON}>
          Add to the course
        </button>
      </form>
    </div>
  );
}
