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
  /** Shared between callers (built once per load): read it, never change it. */
  channelOrder(patientId: number): readonly Channel[] | null;
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
 * A class rather than an object of eight arrow functions: the dispatcher builds one per row it
 * sends, and eight fresh closures per row (each also named at run time by the bundler's
 * keep-names helper) were a measurable share of the engine's own cost per message.
 */
class RowFacts implements FactSource {
  constructor(
    private readonly db: AppDb,
    private readonly stage: 'queue' | 'send',
    private readonly deliveryId: number,
  ) {}

  patient(id: number): PatientFacts | undefined {
    return getPatientFacts(this.db, id);
  }

  channelOrder(id: number): Channel[] | null {
    return getChannelOrder(this.db, id);
  }

  quietOverride(id: number): QuietOverride {
    return getQuietOverride(this.db, id);
  }

  contactPoints(id: number): ContactRow[] {
    return getContactPoints(this.db, id);
  }

  contactStatus(kind: 'phone' | 'email', value: string): ContactRow['status'] | null {
    return getContactStatus(this.db, kind, value);
  }

  suppressed(channel: Channel, address: string): boolean {
    return isSuppressed(this.db, channel, address);
  }

  latestConsent(id: number, channel: Channel, purpose: Purpose): 'opted_in' | 'opted_out' | null {
    return latestConsent(this.db, id, channel, purpose);
  }

  capUsed(id: number, day: { start: number; end: number }): number {
    const sent = countSentForPatient(this.db, id, day.start, day.end, this.deliveryId);
    return this.stage === 'queue' ? sent + countQueuedForPatient(this.db, id, day.start, day.end) : sent;
  }
}

export function rowFacts(db: AppDb, options: { stage: 'queue' | 'send'; deliveryId: number }): FactSource {
  return new RowFacts(db, options.stage, options.deliveryId);
}
