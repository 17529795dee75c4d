import type { highValueMethods } from '../../shared/contract/high-value-api';
import type { AnalyticsHandlerMap } from '../insights/analytics-handlers';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { followUpContacts } from '../storage/queries/follow-up-contacts';

// followUps.highValueExport: the high-value list (analytics.highValue) as a file's rows. As in the
// follow-up mail merge, contacts leave the studio only for learners who agreed to follow-ups (as
// stored now, not as the list was computed); the others stay in the file without a contact.

type ExportMethod = Exclude<keyof typeof highValueMethods, 'analytics.highValue'>;
export type HighValueExportHandlers = { [M in ExportMethod]: Handler<M> };

export function createHighValueExportHandlers(deps: {
  db: () => Db;
  analytics: Pick<AnalyticsHandlerMap, 'analytics.highValue'>;
}): HighValueExportHandlers {
  return {
    'followUps.highValueExport': async ({ limit }, ctx) => {
      const list = await deps.analytics['analytics.highValue']({ limit }, ctx);
      const contacts = new Map(
        followUpContacts(
          deps.db(),
          list.rows.map((r) => r.learnerId),
        ).map((row) => [row.id, row]),
      );
      let withoutConsent = 0;
      const rows = list.rows.map((row) => {
        const contact = contacts.get(row.learnerId);
        // A learner deleted since the list was computed counts as not consenting.
        const consenting = contact !== undefined && contact.consent_follow_up === 1;
        if (!consenting) withoutConsent += 1;
        return {
          ...row,
          consentFollowUp: consenting,
          email: consenting ? contact.email : null,
          phone: consenting ? contact.phone : null,
        };
      });
      return { currency: list.currency, rows, withoutConsent };
    },
  };
}
