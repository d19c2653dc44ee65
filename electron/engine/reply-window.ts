/**
 * A staff reply soon after the patient's own message is an answer, not a campaign: quiet hours
 * and the daily cap do not hold it (DESIGN section 3, rule 6). One definition for the queue and
 * for the composer's check before sending, so the warning and the send agree.
 */
import type { AppDb } from '../db/database';
import type { ClinicSettings } from '../../shared/domain';
import { lastInboundAt } from './holds-repo';

export const DEFAULT_REPLY_WINDOW_HOURS = 12;

export function withinReplyWindow(db: AppDb, target: { patientId: number } | { address: string }, clinic: ClinicSettings, now: number): boolean {
  const windowMs = (clinic.replyWindowHours ?? DEFAULT_REPLY_WINDOW_HOURS) * 3600_000;
  const last = lastInboundAt(db, target);
  return last !== null && last <= now && now - last <= windowMs;
}
