/** The fields every audit row of a request carries. */
export interface AuditActor {
  userId: string;
  role: string;
  requestId: string;
  clientIp: string;
}
