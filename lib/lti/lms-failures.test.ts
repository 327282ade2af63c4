import { describe, expect, it } from "vitest";
import { type LmsAnswer, LmsCallError, lmsSaid } from "./lms-calls";
import { classifyFailure } from "./lms-failures";

const failure = (answer: LmsAnswer) => classifyFailure(new LmsCallError("Canvas answered 4xx.", "Canvas", answer));

describe("what an LMS said in a refusal", () => {
  it("reads OAuth's, Canvas's and plain messages, one line and short; never an HTML page", () => {
    const json = "application/json; charset=utf-8";
    expect(lmsSaid('{"error":"invalid_scope","error_description":"no score"}', json)).toEqual({
      said: "no score",
      oauthError: "invalid_scope",
    });
    expect(lmsSaid('{"errors":[{"message":"This course has concluded"}]}', json)).toEqual({
      said: "This course has concluded",
    });
    expect(lmsSaid('{"errors":{"type":"unauthorized","message":"Invalid access token"}}', json).said).toBe(
      "Invalid access token",
    );
    expect(lmsSaid(`line one\n\u001b[31mline two ${"x".repeat(300)}`, "text/plain").said).toMatch(
      /^line one \[31mline two x+…$/,
    );
    expect(lmsSaid(`line ${"x".repeat(300)}`, "text/plain").said).toHaveLength(200);
    expect(lmsSaid("<html><body>Error</body></html>", "text/html")).toEqual({});
    expect(lmsSaid("not json", json)).toEqual({});
  });
});

describe("the class of a failed send", () => {
  it("tells the token endpoint's refusals apart", () => {
    expect(failure({ step: "token", status: 400, oauthError: "invalid_scope" }).code).toBe("scope_not_granted");
    expect(failure({ step: "token", status: 401, oauthError: "invalid_client" }).code).toBe("token_refused");
    expect(failure({ step: "token", status: 404 }).code).toBe("token_refused");
    expect(failure({ step: "token", status: 503 }).code).toBe("lms_error");
  });

  it("reads the score service's status and Canvas's words", () => {
    expect(failure({ step: "service", status: 401 }).code).toBe("token_rejected");
    expect(failure({ step: "service", status: 403 }).code).toBe("scope_not_granted");
    expect(failure({ step: "service", status: 404 }).code).toBe("line_item_gone");
    const closed = failure({ step: "service", status: 422, said: "Course not available for student" });
    expect(closed).toEqual({
      code: "course_closed",
      text: "Canvas answered 4xx. Canvas said: “Course not available for student”",
    });
    const unpublished = "grade: cannot be changed at this time: This assignment is still unpublished";
    expect(failure({ step: "service", status: 400, said: unpublished }).code).toBe("course_closed");
    const notStudent = "User not found in course or is not a student";
    expect(failure({ step: "service", status: 422, said: notStudent }).code).toBe("learner_not_in_course");
    expect(failure({ step: "service", status: 400, said: "scoreGiven must be a number" }).code).toBe("refused");
    expect(failure({ step: "service", noAnswer: "timeout" }).code).toBe("no_answer");
    expect(failure({ step: "service", noAnswer: "unreachable" }).code).toBe("unreachable");
  });

  it("says a failure before any call was Dockyard's own", () => {
    expect(classifyFailure(new Error("connection terminated"))).toEqual({
      code: "unexpected",
      text: "Dockyard failed before the LMS answered: connection terminated",
    });
  });
});
