/** Socket rooms of the visits module. Visitors only ever join their own `visitorRoom`. */
export const visitStaffRoom = (visitId: string) => `visit-staff:${visitId}`;
