/**
 * Real-world phrasings, English and Spanish, as phones type them (curly apostrophes, emoji,
 * shouting, stretched letters, accents or none): each is a carrier keyword, a possible opt-out
 * flagged for staff, or neither.
 */
import { describe, expect, it } from 'vitest';
import { classifyReply, normaliseText, type KeywordKind } from './keywords';

const table: Array<[string, KeywordKind]> = [
  // Carrier keywords, however typed
  ['STOP', 'opt_out'],
  ['stop', 'opt_out'],
  ['Stop.', 'opt_out'],
  ['STOP 🛑', 'opt_out'],
  ['🛑stop🛑', 'opt_out'],
  ['Stop!!! 😡', 'opt_out'],
  ['STOOOP', 'opt_out'],
  ['Stopp', 'opt_out'],
  ['ＳＴＯＰ', 'opt_out'],
  ['Unsubscribe', 'opt_out'],
  ['“STOP”', 'opt_out'],
  ['‘quit’', 'opt_out'],
  ['opt-out', 'opt_out'],
  ['Opt Out 👋', 'opt_out'],
  ['stopall', 'opt_out'],
  ['Revoke', 'opt_out'],
  ['END', 'opt_out'],
  ['start', 'opt_in'],
  ['Unstop 🙏', 'opt_in'],
  ['HELP', 'help'],
  ['info?', 'help'],
  ['heeelp', 'help'],
  // Sentences that read like an opt-out (flagged, never suppressed by themselves)
  ['Don’t text me anymore', 'possible_opt_out'],
  ["Don't text me anymore", 'possible_opt_out'],
  ['DON’T TEXT ME', 'possible_opt_out'],
  ['dont message me again 🙄', 'possible_opt_out'],
  ['Please stop texting me', 'possible_opt_out'],
  ['pleeease stooop sending these', 'possible_opt_out'],
  ['STOP PLEASE', 'possible_opt_out'],
  ['Stop ✋ calling me', 'possible_opt_out'],
  ['remove me from your list', 'possible_opt_out'],
  ['Take me off this list please', 'possible_opt_out'],
  ['I want to opt out', 'possible_opt_out'],
  ['Never contact me again', 'possible_opt_out'],
  ['No more texts', 'possible_opt_out'],
  ['unsubscribe me please', 'possible_opt_out'],
  ['No me envíen más mensajes', 'possible_opt_out'],
  ['no me envien mas mensajes', 'possible_opt_out'],
  ['Ya no me manden más textos 🙏', 'possible_opt_out'],
  ['Dejen de escribirme', 'possible_opt_out'],
  ['deja de mandarme mensajes', 'possible_opt_out'],
  ['Quiero darme de baja', 'possible_opt_out'],
  ['No quiero recibir más mensajes', 'possible_opt_out'],
  ['BAJA', 'possible_opt_out'],
  ['Alto', 'possible_opt_out'],
  // Starts like an opt-out: a person reads it rather than guessing either way.
  ['Stop by the front desk?', 'possible_opt_out'],
  // Ordinary replies
  ['See you at 9', 'none'],
  ['Running 5 minutes late 🚗', 'none'],
  ['Can I bring my son too?', 'none'],
  ['I will end up a bit late', 'none'],
  ['can you cancel my appointment', 'none'],
  ['Help me find the parking', 'none'],
  ['Thanks! 👍', 'none'],
  ['Gracias, nos vemos mañana', 'none'],
  ['¿Puedo cambiar la cita?', 'none'],
  ['Llegaré tarde', 'none'],
  ['No puedo ir el martes', 'none'],
  ['👍', 'none'],
];

describe('opt-out phrasing', () => {
  it('has at least 40 phrasings in English and Spanish', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
  });

  for (const [text, kind] of table) {
    it(`${JSON.stringify(text)} → ${kind}`, () => {
      expect(classifyReply(text)).toBe(kind);
    });
  }

  it('normalises quotes, accents, case, repeated letters and emoji', () => {
    expect(normaliseText('Don’t  TEXT me 😡😡')).toBe("don't text me");
    expect(normaliseText('¡No me envíen MÁS!')).toBe('¡no me envien mas!');
    expect(normaliseText('STOOOOP')).toBe('stop');
    expect(normaliseText('“quoted”')).toBe('"quoted"');
  });
});
