export {
  FakeTwilio,
  parseAcceptedLog,
  type AcceptedRecord,
  type CallOutcome,
  type FakeTwilioOptions,
  type FaultConfig,
  type Progression,
  type RecipientScript,
  type RequestRecord,
} from './fake-twilio';
export { twilioDate } from './wire-format';
