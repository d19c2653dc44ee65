/** Audiences saved under a name (SQL only); saving an existing name replaces its filter. */
import { asc, eq } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { savedAudiences } from '../db/schema';
import type { AudienceFilter, SavedAudience } from '../../shared/contract/broadcast-audience';

type Row = typeof savedAudiences.$inferSelect;

function view(r: Row): SavedAudience {
  return { id: r.id, name: r.name, audience: r.audience as AudienceFilter, createdBy: r.createdBy ?? null, createdAt: r.createdAt };
}

export function listSavedAudiences(db: AppDb): SavedAudience[] {
  return db.select().from(savedAudiences).orderBy(asc(savedAudiences.name)).all().map(view);
}

export function saveAudience(db: AppDb, values: { name: string; audience: AudienceFilter; createdBy: number | null; now: number }): SavedAudience {
  const row = db
    .insert(savedAudiences)
    .values({ name: values.name, audience: values.audience, createdBy: values.createdBy, createdAt: values.now })
    .onConflictDoUpdate({ target: savedAudiences.name, set: { audience: values.audience } })
    .returning()
    .get();
  return view(row);
}

export function deleteSavedAudience(db: AppDb, id: number): boolean {
  return db.delete(savedAudiences).where(eq(savedAudiences.id, id)).run().changes > 0;
}
