import { z } from 'zod';

// Imported FIRST by every renderer entry (studio, viewer, report). Zod 4 probes for eval with
// `new Function('')` when an object schema is built, which a strict CSP (no 'unsafe-eval')
// refuses and reports as a `securitypolicyviolation` on every page even though zod swallows the
// error. Jitless parsing skips the probe; it must be set before any module builds a schema.
z.config({ jitless: true });
