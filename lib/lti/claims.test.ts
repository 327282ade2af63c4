import { describe, expect, it } from "vitest";
import { itemPath } from "../content/item-path";
import { classRoleOf, launchClaimsSchema } from "./claims";
import { parseItemRef } from "./item-ref";

const M = "http://purl.imsglobal.org/vocab/lis/v2/membership";

describe("a person's part in a class, from their LMS roles", () => {
  it("makes instructors, course administrators and content developers the class's instructors", () => {
    expect(classRoleOf([`${M}#Instructor`])).toBe("instructor");
    expect(classRoleOf([`${M}#Administrator`])).toBe("instructor");
    expect(classRoleOf([`${M}#ContentDeveloper`])).toBe("instructor");
    expect(classRoleOf(["Instructor"])).toBe("instructor");
  });

  it("makes every teaching assistant and grader a TA, though their launch says Instructor too", () => {
    for (const sub of ["TeachingAssistant", "TeachingAssistantSection", "TeachingAssistantOffering", "Grader"]) {
      expect(classRoleOf([`${M}#Instructor`, `${M}/Instructor#${sub}`]), sub).toBe("ta");
    }
  });

  it("makes everyone else a learner, whatever an institution role says", () => {
    expect(classRoleOf([`${M}#Learner`])).toBe("learner");
    expect(classRoleOf(["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"])).toBe("learner");
    expect(classRoleOf([`${M}#Mentor`])).toBe("learner");
    expect(classRoleOf([])).toBe("learner");
  });
});

describe("what an LMS link opens", () => {
  it("reads kind:slug, and nothing that is not one", () => {
    expect(parseItemRef("exercise:first-image")).toEqual({ kind: "exercise", slug: "first-image" });
    expect(parseItemRef(" quiz:layer-caching ")).toEqual({ kind: "quiz", slug: "layer-caching" });
    for (const bad of ["exercise:../secrets", "lesson:x", "Exercise:first-image", "exercise:", "exercise:A", 7]) {
      expect(parseItemRef(bad), String(bad)).toBeUndefined();
    }
  });

  it("lands on the item's own page", () => {
    expect(itemPath({ kind: "exercise", slug: "first-image" })).toBe("/exercises/first-image");
    expect(itemPath({ kind: "lab", slug: "run-a-model-server" })).toBe("/labs/run-a-model-server");
    expect(itemPath({ kind: "quiz", slug: "layer-caching" })).toBe("/lessons/layer-caching");
  });
});

describe("the addresses a launch names", () => {
  const claims = (returnUrl: string) => ({
    sub: "u",
    nonce: "n",
    "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiDeepLinkingRequest",
    "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
    "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "d",
    "https://purl.imsglobal.org/spec/lti/claim/roles": [],
    "https://purl.imsglobal.org/spec/lti/claim/context": { id: "c" },
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
      deep_link_return_url: returnUrl,
      accept_types: ["ltiResourceLink"],
    },
  });

  it("are http(s) only: a deep linking return address cannot be a script or a file", () => {
    expect(launchClaimsSchema.safeParse(claims("https://lms.example.edu/return")).success).toBe(true);
    for (const bad of ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "not a url"]) {
      expect(launchClaimsSchema.safeParse(claims(bad)).success, bad).toBe(false);
    }
  });
});
