/**
 * What the rules and the channel choice read about a patient, behind one interface with two
 * sources: `rowFacts` asks the database one lookup at a time (a single send, the check right
 * before the provider call, a fallback), and bulk-facts.ts answers the same questions for a whole
 * slice from a few set-based queries. The rules and the choice are written once, over this.
 */
import type { Channel, Purpose } from '../../shared/domain';
import type { AppDb } from '../db/database';
import {
  countQueuedForPatient,
  countSentForPatient,
  getChannelOrder,
  getContactPoints,
  getContactStatus,
  getPatientFacts,
  getQuietOverride,
  isSuppressed,
  latestConsent,
  type ContactRow,
  type PatientFacts,
  type QuietOverride,
} from '../repos/rules-facts-repo';

export interface FactSource {
  patient(patientId: number): PatientFacts | undefined;
  channelOrder(patientId: number): Channel[] | null;
  quietOverride(patientId: number): QuietOverride;
  contactPoints(patientId: number): ContactRow[];
  contactStatus(kind: 'phone' | 'email', value: string): ContactRow['status'] | null;
  suppressed(channel: Channel, address: string): boolean;
  latestConsent(patientId: number, channel: Channel, purpose: Purpose): 'opted_in' | 'opted_out' | null;
  /** What the daily cap counts for the patient's local day (see `rowFacts` for the stages). */
  capUsed(patientId: number, day: { start: number; end: number }): number;
}

/**
 * Facts read row by row. At 'queue' the cap counts what reached a provider today plus what is
 * queued and due today; at 'send' only what reached a provider, without `deliveryId` itself.
 */
export function rowFacts(db: AppDb, options: { stage: 'queue' | 'send'; deliveryId: number }): FactSource {
  return {
    patient: (id) => getPatientFacts(db, id),
    channelOrder: (id) => getChannelOrder(db, id),
    quietOverride: (id) => getQuietOverride(db, id),
    contactPoints: (id) => getContactPoints(db, id),
    contactStatus: (kind, value) => getContactStatus(db, kind, value),
    suppressed: (channel, address) => isSuppressed(db, channel, address),
    latestConsent: (id, channel, purpose) => latestConsent(db, id, channel, purpose),
    capUsed: (id, day) =>
      countSentForPatient(db, id, day.start, day.end, options.deliveryId) + (options.stage === 'queue' ? countQueuedForPatient(db, id, day.start, day.end) : 0),
  };
}
