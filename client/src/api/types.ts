// Shared with the server so the client never drifts from the wire format.
export type { Role } from '../../../signaling/protocol/identities';
export { ROLES } from '../../../signaling/protocol/identities';
