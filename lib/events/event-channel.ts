/**
 * The one LISTEN channel of every insert + NOTIFY event log (a submission's, a sandbox session's): each NOTIFY's
 * payload is `<log key>:<event id>`, and the app's one LISTEN connection (./event-bus.ts) wakes the key's followers.
 */
export const EVENTS_CHANNEL = "dockyard_events";
