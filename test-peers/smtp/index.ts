export { SmtpPeer, parseMailLog, type DropPoint, type LoggedMail, type ReceivedMail, type SmtpPeerOptions } from './smtp-peer';
export { decodeEncodedWords, decodeQuotedPrintable, headerParam, headerValue, parseEntity, parseHeaders, type MailHeader, type MimePart } from './mime';
