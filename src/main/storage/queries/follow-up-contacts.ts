import type { Db } from '../connection';
import { stmt } from './live/statements';

// Contact details for the follow-up mail merge (core/mail-merge.ts): the only query besides a
// learner's own data export that reads email and phone values out of learner_identities.

export interface ContactRow {
  id: number;
  consent_follow_up: number;
  email: string | null;
  phone: string | null;
}

/** Each learner's consent and their first email and phone (by when they were added). */
export function followUpContacts(db: Db, learnerIds: readonly number[]): ContactRow[] {
  return stmt(
    db,
    `SELECT l.id, l.consent_follow_up,
       (SELECT value FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'email'
          AND i.platform = '' ORDER BY i.created_at, i.id LIMIT 1) AS email,
       (SELECT value FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'phone'
          AND i.platform = '' ORDER BY i.created_at, i.id LIMIT 1) AS phone
     FROM learners l WHERE l.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(learnerIds)) as ContactRow[];
}
