/**
 * The facts the rules need (rules-facts-repo.ts) for many patients at once: a handful of
 * set-based queries per slice instead of several lookups per recipient. Answers exactly what the
 * per-row functions answer for the same database (bulk-queue.property.test.ts checks it); the
 * queries are copies of theirs with the patient id list bound as a JSON array.
 *
 * The daily cap counts what is queued, so a batch that queues for the same patient twice must
 * count its own rows: `noteQueued` does that in memory as the batch inserts.
 */
import type { AppDb } from '../db/database';
import type { Channel } from '../../shared/domain';
import type { ContactRow, PatientFacts, QuietOverride } from '../repos/rules-facts-repo';
import type { FactSource } from './fact-source';
import { localDayBounds } from './quiet-hours';
import { stmt } from '../db/sql-cache';
import { zoneOr } from '../../shared/time-zone';

/** The facts the rules read (FactSource), answered from memory, plus what a bulk run tracks itself. */
export interface BulkFacts extends FactSource {
  /** The patient's household (null: assigned on first use). */
  householdId(patientId: number): number | null;
  /**
   * Whether another contact point (another patient's: one patient holds a value once) has this
   * kind and value, for the loaded patients' own addresses: who may share a thread or a message.
   */
  sharesAddress(kind: 'phone' | 'email', value: string): boolean;
  /** A delivery this batch inserted as `queued`, due at `nextAttemptAt`: the cap counts it from now on. */
  noteQueued(patientId: number, nextAttemptAt: number | null): void;
  /**
   * Whether these facts answer for a run at `now` in `clinicZone` as freshly loaded ones would,
   * the database unchanged: the same clinic zone, and `now` in the same local day as when they
   * were loaded for every zone they counted the cap in (the only facts that depend on the time).
   */
  reusableAt(clinicZone: string, now: number): boolean;
}

type PatientRow = PatientFacts & { household_id: number | null };

/** Ids in slices of this many per statement (one JSON array parameter each). */
const IDS_PER_QUERY = 10_000;

function inSlices<T>(ids: readonly (number | string)[], run: (json: string) => T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) out.push(...run(JSON.stringify(ids.slice(i, i + IDS_PER_QUERY))));
  return out;
}

const IDS = 'select value from json_each(?)';

function parseChannelOrder(raw: string): Channel[] | null {
  const parsed = JSON.parse(raw) as unknown;
  return Array.isArray(parsed) ? (parsed as Channel[]) : null;
}

const dayKey = (day: { start: number; end: number }) => `${day.start}|${day.end}`;

/**
 * What to load: `rules`, every fact the rules read; `routing`, only the patients, their
 * preferences and contact points (where a message would go, as a broadcast groups its recipients
 * by address): the address statuses, suppressions, consent and the cap's counts (most of the
 * cost) are then not read, and asking for them is a programming error.
 */
export type FactScope = 'rules' | 'routing';

/**
 * Loads the facts for `patientIds` (duplicates are fine). `clinicZone` and `now` fix the local
 * day each patient's cap counts in, as gatherFacts computes it.
 */
export function loadBulkFacts(db: AppDb, patientIds: readonly number[], clinicZone: string, now: number, scope: FactScope = 'rules'): BulkFacts {
  const ids = [...new Set(patientIds)];
  const patients = new Map<number, PatientRow>();
  const prefs = new Map<number, { channel_order: string; q: string | null }>();
  // The patient and their preferences in one pass (preferences are keyed by the patient).
  for (const r of inSlices(ids, (j) =>
    stmt(
      db,
      `select p.id, p.time_zone, p.archived, p.language, p.first_name, p.last_name, p.household_id, f.patient_id pref, f.channel_order, f.quiet_hours_override q
       from patients p left join preferences f on f.patient_id = p.id where p.id in (${IDS})`,
    ).all(j) as Array<PatientRow & { pref: number | null; channel_order: string | null; q: string | null }>,
  )) {
    patients.set(r.id, { id: r.id, time_zone: r.time_zone, archived: r.archived, language: r.language, first_name: r.first_name, last_name: r.last_name, household_id: r.household_id });
    if (r.pref !== null && r.channel_order !== null) prefs.set(r.id, { channel_order: r.channel_order, q: r.q });
  }

  const contacts = new Map<number, ContactRow[]>();
  for (const r of inSlices(ids, (j) =>
    stmt(
      db,
      `select patient_id, kind, value, status, is_primary from contact_points where patient_id in (${IDS}) order by patient_id, is_primary desc, id`,
    ).all(j) as ContactRow[],
  )) {
    const list = contacts.get(r.patient_id);
    if (list) list.push(r);
    else contacts.set(r.patient_id, [r]);
  }

  const routing = { patients, prefs, contacts };
  const rules = scope === 'rules' ? loadRuleFacts(db, ids, patients, contacts, clinicZone, now) : null;
  return factsFrom(routing, rules, clinicZone, now);
}

interface RoutingMaps {
  patients: Map<number, PatientRow>;
  prefs: Map<number, { channel_order: string; q: string | null }>;
  contacts: Map<number, ContactRow[]>;
}

/**
 * Values by an outer key, then an inner one: a lookup builds no combined key string (each rule
 * asks several times per recipient), and an outer key with nothing under it (most patients have
 * no consent events and nothing sent today) answers from one probe.
 */
type TwoLevel<K, V> = Map<K, Map<string, V>>;

function put<K, V>(map: TwoLevel<K, V>, outer: K, inner: string, value: V): void {
  let m = map.get(outer);
  if (!m) {
    m = new Map();
    map.set(outer, m);
  }
  m.set(inner, value);
}

interface RuleMaps {
  /** By kind, then value. */
  statuses: TwoLevel<string, ContactRow['status']>;
  /** The loaded addresses more than one contact point holds, by kind, then value. */
  shared: TwoLevel<string, true>;
  /** By channel, then address. */
  suppressions: TwoLevel<string, true>;
  /** By patient, then `channel|purpose`. */
  consent: TwoLevel<number, 'opted_in' | 'opted_out'>;
  /** By patient, then local day (dayKey). */
  used: TwoLevel<number, number>;
}

/** The address statuses, suppressions, latest consent and the cap's counts of `ids`. */
function loadRuleFacts(
  db: AppDb,
  ids: readonly number[],
  patients: Map<number, PatientRow>,
  contacts: Map<number, ContactRow[]>,
  clinicZone: string,
  now: number,
): RuleMaps {
  // The patients' own addresses, read above: the statuses and suppressions are looked up by value.
  const values = [...new Set([...contacts.values()].flatMap((list) => list.map((c) => c.value)))];
  // An address only its own patient holds (most) has that contact point's status: one probe of the
  // value index tells, without reading a row; the others are read with every patient's status.
  const held = new Set<string>();
  for (const r of inSlices(values, (j) =>
    stmt(db, `select value from contact_points where value in (${IDS}) group by value having count(*) > 1`).all(j) as Array<{ value: string }>,
  )) {
    held.add(r.value);
  }
  // Status of an address across every patient who has it (a shared phone), as getContactStatus.
  const statuses: RuleMaps['statuses'] = new Map();
  const shared: RuleMaps['shared'] = new Map();
  for (const list of contacts.values()) for (const c of list) if (!held.has(c.value)) put(statuses, c.kind, c.value, c.status);
  for (const r of inSlices([...held], (j) =>
    stmt(
      db,
      `select c.kind, c.value, case when sum(c.status = 'invalid') > 0 then 'invalid' when sum(c.status = 'bouncing') > 0 then 'bouncing' else 'ok' end s, count(*) n
       from contact_points c where c.value in (${IDS})
       group by c.kind, c.value`,
    ).all(j) as Array<{ kind: string; value: string; s: ContactRow['status']; n: number }>,
  )) {
    put(statuses, r.kind, r.value, r.s);
    if (r.n > 1) put(shared, r.kind, r.value, true);
  }

  const suppressions: RuleMaps['suppressions'] = new Map();
  for (const r of inSlices(values, (j) =>
    stmt(db, `select distinct s.channel, s.address from suppressions s where s.lifted_at is null and s.address in (${IDS})`).all(j) as Array<{
      channel: string;
      address: string;
    }>,
  )) {
    put(suppressions, r.channel, r.address, true);
  }

  const consent: RuleMaps['consent'] = new Map();
  for (const r of inSlices(ids, (j) =>
    stmt(
      db,
      `select e.patient_id, e.channel, e.purpose, e.status from consent_events e
       where e.id in (select max(id) from consent_events where patient_id in (${IDS}) group by patient_id, channel, purpose)`,
    ).all(j) as Array<{ patient_id: number; channel: string; purpose: string; status: 'opted_in' | 'opted_out' }>,
  )) {
    put(consent, r.patient_id, `${r.channel}|${r.purpose}`, r.status);
  }

  // The cap's counts per local day: patients grouped by the day their zone puts `now` in.
  const byDay = new Map<string, { day: { start: number; end: number }; ids: number[] }>();
  for (const id of ids) {
    const p = patients.get(id);
    if (!p) continue;
    const zone = zoneOr(p.time_zone, clinicZone);
    const day = localDayBounds(now, zone);
    const key = dayKey(day);
    const group = byDay.get(key) ?? { day: { start: day.start, end: day.end }, ids: [] };
    group.ids.push(id);
    byDay.set(key, group);
  }
  const used: RuleMaps['used'] = new Map();
  const add = (patientId: number, day: { start: number; end: number }, n: number) => addUse(used, patientId, day, n);
  for (const { day, ids: dayIds } of byDay.values()) {
    for (const r of inSlices(dayIds, (j) =>
      stmt(
        db,
        `select m.patient_id p, count(*) n from messages m cross join deliveries d on d.message_id = m.id
         where m.patient_id in (${IDS}) and +d.state in ('sending','sent','delivered','read','undelivered')
           and coalesce(d.sent_at, d.attempt_started_at) >= ? and coalesce(d.sent_at, d.attempt_started_at) < ?
         group by m.patient_id`,
      ).all(j, day.start, day.end) as Array<{ p: number; n: number }>,
    )) {
      add(r.p, day, r.n);
    }
    for (const r of inSlices(dayIds, (j) =>
      stmt(
        db,
        `select m.patient_id p, count(*) n from messages m cross join deliveries d on d.message_id = m.id
         where m.patient_id in (${IDS}) and +d.state = 'queued' and d.next_attempt_at >= ? and d.next_attempt_at < ?
         group by m.patient_id`,
      ).all(j, day.start, day.end) as Array<{ p: number; n: number }>,
    )) {
      add(r.p, day, r.n);
    }
  }
  return { statuses, shared, suppressions, consent, used };
}

function addUse(used: RuleMaps['used'], patientId: number, day: { start: number; end: number }, n: number): void {
  const key = dayKey(day);
  put(used, patientId, key, (used.get(patientId)?.get(key) ?? 0) + n);
}

function factsFrom({ patients, prefs, contacts }: RoutingMaps, loaded: RuleMaps | null, clinicZone: string, now: number): BulkFacts {
  const zoneOf = (p: PatientRow) => zoneOr(p.time_zone, clinicZone);
  const dayOf = (patientId: number): { start: number; end: number } | null => {
    const p = patients.get(patientId);
    return p ? localDayBounds(now, zoneOf(p)) : null;
  };
  let zones: Set<string> | null = null;
  // Parsed and built once per patient, not on every call: a broadcast's plan, its grouping and the
  // engine each ask several times per recipient, and every caller only reads what it gets.
  const facts = new Map<number, PatientFacts>();
  const orders = new Map<number, Channel[] | null>();
  const overrides = new Map<number, QuietOverride>();
  const rules = (): RuleMaps => {
    if (!loaded) throw new Error('Rule facts were not loaded (routing facts only)');
    return loaded;
  };

  return {
    patient: (id) => {
      const known = facts.get(id);
      if (known) return known;
      const p = patients.get(id);
      if (!p) return undefined;
      const f: PatientFacts = { id: p.id, time_zone: p.time_zone, archived: p.archived, language: p.language, first_name: p.first_name, last_name: p.last_name };
      facts.set(id, f);
      return f;
    },
    householdId: (id) => patients.get(id)?.household_id ?? null,
    sharesAddress: (kind, value) => rules().shared.get(kind)?.has(value) === true,
    channelOrder: (id) => {
      let order = orders.get(id);
      if (order === undefined) {
        const row = prefs.get(id);
        order = row ? parseChannelOrder(row.channel_order) : null;
        orders.set(id, order);
      }
      return order;
    },
    quietOverride: (id) => {
      let override = overrides.get(id);
      if (override === undefined) {
        const row = prefs.get(id);
        override = !row || row.q === null ? null : (JSON.parse(row.q) as QuietOverride);
        overrides.set(id, override);
      }
      return override;
    },
    contactPoints: (id) => contacts.get(id) ?? [],
    contactStatus: (kind, value) => rules().statuses.get(kind)?.get(value) ?? null,
    suppressed: (channel, address) => rules().suppressions.get(channel)?.has(address) === true,
    latestConsent: (id, channel, purpose) => rules().consent.get(id)?.get(`${channel}|${purpose}`) ?? null,
    capUsed: (id, day) => rules().used.get(id)?.get(dayKey(day)) ?? 0,
    reusableAt: (zone, at) => {
      if (zone !== clinicZone) return false;
      zones ??= new Set([...patients.values()].map(zoneOf));
      for (const z of zones) if (dayKey(localDayBounds(at, z)) !== dayKey(localDayBounds(now, z))) return false;
      return true;
    },
    noteQueued: (id, nextAttemptAt) => {
      const day = dayOf(id);
      if (day && nextAttemptAt !== null && nextAttemptAt >= day.start && nextAttemptAt < day.end) addUse(rules().used, id, day, 1);
    },
  };
}
