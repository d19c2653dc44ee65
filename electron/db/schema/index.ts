/**
 * The whole Frontdesk domain (DESIGN section 2) as a drizzle schema, one file per domain in this
 * folder (people, appointments, templates, messaging, broadcasts, records), all exported here.
 *
 * Conventions: integer primary keys; instants are integer milliseconds since the epoch (UTC);
 * calendar dates (date of birth) are ISO `YYYY-MM-DD` text; JSON columns hold small structured
 * values (tags, channel orders, template content). drizzle-kit generates `migrations/` from this
 * index; the FTS5 index and the append-only triggers live in a hand-written custom migration
 * because drizzle-kit cannot express them.
 */
export { CHANNELS, DELIVERY_STATES } from '../../../shared/domain';
export * from './people';
export * from './appointments';
export * from './templates';
export * from './messaging';
export * from './broadcasts';
export * from './records';
