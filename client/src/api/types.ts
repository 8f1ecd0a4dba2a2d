// Shared with the server so the client never drifts from the wire format.
export type { Role } from '../../../server/auth/roles';
export { ROLES } from '../../../server/auth/roles';
