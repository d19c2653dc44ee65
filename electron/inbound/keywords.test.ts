import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyReply, DEFAULT_KEYWORD_CONFIG, HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS } from './keywords';

const caseVariants = (word: string) =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((flags) =>
    [...word].map((ch, i) => (flags[i] ? ch.toLowerCase() : ch.toUpperCase())).join(''),
  );
const noise = fc.constantFrom('', ' ', '  ', '\n', '.', '!', '!!', '"', ' .', '\t');

describe('keyword classification', () => {
  it('recognises every opt-out, opt-in and help keyword in any case, trimmed, with punctuation around it', () => {
    const cases: Array<[string[], string]> = [
      [OPT_OUT_WORDS, 'opt_out'],
      [OPT_IN_WORDS, 'opt_in'],
      [HELP_WORDS, 'help'],
      [DEFAULT_KEYWORD_CONFIG.confirm, 'confirm'],
      [DEFAULT_KEYWORD_CONFIG.reschedule, 'reschedule'],
    ];
    for (const [words, kind] of cases) {
      fc.assert(
        fc.property(fc.constantFrom(...words).chain(caseVariants), noise, noise, (word, before, after) => {
          expect(classifyReply(`${before}${word}${after}`)).toBe(kind);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('reads "opt-out" and "Opt Out." as the two-word keyword', () => {
    expect(classifyReply('opt-out')).toBe('opt_out');
    expect(classifyReply(' Opt Out. ')).toBe('opt_out');
  });

  it('does not treat a keyword inside a longer message as the keyword', () => {
    expect(classifyReply('STOP PLEASE')).not.toBe('opt_out');
    expect(classifyReply('can you cancel my appointment')).toBe('none');
    expect(classifyReply('C you tomorrow')).toBe('none');
    expect(classifyReply('Help me find the parking')).toBe('none');
  });

  it('flags sentences that read like an opt-out, and not ordinary replies', () => {
    for (const text of ['please stop texting me', 'Stop sending me these messages', 'unsubscribe me please', "Don't text me again", 'STOP PLEASE', 'remove me from your list']) {
      expect(classifyReply(text), text).toBe('possible_opt_out');
    }
    for (const text of ['See you at 9', 'Running 5 minutes late', 'Can I bring my son too?', 'I will end up a bit late']) {
      expect(classifyReply(text), text).toBe('none');
    }
  });

  it('uses the configured confirmation words', () => {
    const config = { confirm: ['YES', 'Sí'], reschedule: ['R', 'RESCHEDULE'] };
    // Accents are normalised away: "si" and "Sí" are the same reply.
    expect(classifyReply('si', config)).toBe('confirm');
    expect(classifyReply('Sí!', config)).toBe('confirm');
    expect(classifyReply('yes', config)).toBe('confirm');
    expect(classifyReply('C', config)).toBe('none');
    expect(classifyReply('reschedule', config)).toBe('reschedule');
  });

  it('never classifies an empty or punctuation-only message as a keyword', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\s.!?,;:'"-]*$/), (text) => {
        expect(classifyReply(text)).toBe('none');
      }),
    );
  });
});
