import { z } from 'zod';

/**
 * zod probes for eval (new Function) to compile fast parsers; under our CSP
 * (script-src 'self', no 'unsafe-eval') the probe fails and is reported as a
 * violation. Imported first by each page entry, before any schema is used.
 */
z.config({ jitless: true });
