import { DEVELOPER_KEY, MOODLE_TOOL } from "../lms-failures";
import { inLmsWords } from "../lms-flavour";
import type { LmsCheckRule } from "./check-rule";

/** Which setting grants each scope: Canvas's developer key's LTI Advantage Services, Moodle's tool Services. */
const WHERE_GRANTED: Record<string, { canvas: string; moodle: string }> = {
  "https://purl.imsglobal.org/spec/lti-ags/scope/score": {
    canvas: '"Can create and update submission results for assignments associated with the tool."',
    moodle: '"IMS LTI Assignment and Grade Services": "Use this service for grade sync and column management".',
  },
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly": {
    canvas: '"Can view assignment data in the gradebook associated with the tool."',
    moodle: '"IMS LTI Assignment and Grade Services": "Use this service for grade sync and column management".',
  },
  "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly": {
    canvas: '"Can retrieve user data associated with the context the tool is installed in."',
    moodle: '"IMS LTI Names and Role Provisioning": "Use this service to retrieve members\' information".',
  },
};

/** Each scope Dockyard uses that the LMS's registration of the tool does not grant. */
export const scopesGranted: LmsCheckRule = {
  id: "scopes-granted",
  run({ scopes, lmsName, flavour }) {
    return scopes
      .filter((s) => !s.granted)
      .map((s) => {
        const where = WHERE_GRANTED[s.scope];
        return {
          rule: this.id,
          severity: s.needed ? ("problem" as const) : ("warning" as const),
          found: `${lmsName} does not grant Dockyard the scope to ${s.use} (${s.scope}).`,
          why: s.needed
            ? `Without it, ${lmsName} refuses what Dockyard sends or reads there.`
            : `Without it, Dockyard cannot ${s.use}; everything else works.`,
          fix: inLmsWords(
            {
              canvas: `In ${DEVELOPER_KEY} → LTI Advantage Services: turn on ${where?.canvas}`,
              moodle: `In ${MOODLE_TOOL} → Services: set ${where?.moodle}`,
            },
            flavour,
          ),
        };
      });
  },
};
