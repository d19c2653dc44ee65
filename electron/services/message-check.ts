/**
 * The sending rules for a message that is not queued: the same channel choice and rules the
 * queue applies (electron/engine/channel-choice.ts, rules.ts, read only), so the composer's
 * warning and the queue's answer cannot disagree.
 */
import type { AppDb } from '../db/database';
import type { ClinicSettings } from '../../shared/domain';
import { notFound } from '../foundation/errors';
import { chooseChannel } from '../engine/channel-choice';
import { decide, gatherFacts, type Decision } from '../engine/rules';
import { getPatientFacts } from '../engine/engine-repo';
import { normaliseAddress } from '../engine/queue-service';
import { withinReplyWindow } from '../engine/reply-window';
import { ruleInPlainWords, type CheckOutcome } from '../../shared/contract/compose';
import type { InputOf } from '../../shared/contract';

function outcome(channel: CheckOutcome['channel'], decision: Decision): CheckOutcome {
  if (decision.kind === 'send') return { verdict: 'send', channel, reason: null, text: null, until: null };
  return {
    verdict: decision.kind,
    channel,
    reason: decision.reason,
    text: ruleInPlainWords(decision.reason, channel),
    until: decision.kind === 'hold' ? decision.until : null,
  };
}

export function checkMessage(db: AppDb, input: InputOf<'messages.check'>, clinic: ClinicSettings, now: number): CheckOutcome {
  const purpose = input.purpose ?? 'transactional';
  if ('patientId' in input.to) {
    const patient = getPatientFacts(db, input.to.patientId);
    if (!patient) throw notFound('That patient');
    if (patient.archived === 1) return outcome(input.channel ?? 'sms', { kind: 'refuse', reason: 'patient_archived' });
    const holdExempt = purpose === 'transactional' && withinReplyWindow(db, { patientId: patient.id }, clinic, now);
    const choice = chooseChannel(db, { patientId: patient.id, explicit: input.channel ?? null, purpose, emergency: false, holdExempt }, clinic, now);
    return outcome(choice.channel, choice.ok ? choice.decision : { kind: 'refuse', reason: choice.reason });
  }
  const channel = input.channel ?? input.to.channel;
  const address = normaliseAddress(channel, input.to.address, clinic.defaultCountry);
  const holdExempt = purpose === 'transactional' && withinReplyWindow(db, { address }, clinic, now);
  const facts = gatherFacts(db, { patientId: null, channel, address, purpose, emergency: false, stage: 'queue', deliveryId: -1, holdExempt }, clinic, now);
  return outcome(channel, decide(facts, now));
}
