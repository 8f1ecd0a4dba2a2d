import type { PhoneLedger } from '../telephony/phone-ledger';
import type { Telephony } from '../telephony/telephony';
import type { VisitCheckIn } from './visit-check-in';
import type { VisitPhone } from './visit-phone';
import type { VisitService } from './visit-service';

/** The visits feature as the rest of the server sees it. */
export interface VisitsModule {
  service: VisitService;
  checkIn: VisitCheckIn;
  phone: VisitPhone;
  ledger: PhoneLedger;
  telephony: Telephony | null;
}
