import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildTemplateContext,
  countSmsSegments,
  renderForChannel,
  renderText,
  TemplateError,
  validateTemplateContent,
  type TemplateContent,
  type TemplateContext,
} from './index';

const clinic = { name: 'Main Street Clinic', phone: '+1 555 010 0100' };
const NY = 'America/New_York';

function context(overrides: { firstName?: string; lastName?: string; startsAt?: number; reason?: string | null; unsubscribeUrl?: string; timeZone?: string; language?: string } = {}): TemplateContext {
  return buildTemplateContext(
    {
      patient: { firstName: overrides.firstName ?? 'Ana', lastName: overrides.lastName ?? 'Silva' },
      clinic,
      appointment: {
        startsAt: overrides.startsAt ?? Date.UTC(2026, 2, 10, 14, 30),
        durationMinutes: 30,
        clinician: 'Dr. Rivera',
        location: 'Room 2',
        reason: overrides.reason ?? null,
      },
      unsubscribeUrl: overrides.unsubscribeUrl,
    },
    { timeZone: overrides.timeZone ?? NY, language: overrides.language ?? 'en' },
  );
}

const reminder: TemplateContent = {
  en: {
    sms: { body: 'Hi {{ patient.firstName }}, see you {{ appointment.start | date: "%a %b %-d at %-l:%M %p" }} with {{ appointment.clinician }}. Reply C to confirm.' },
    email: {
      subject: 'Your visit on {{ appointment.date }}',
      body: 'Hello {{ patient.fullName }},\n\nYour appointment is on {{ appointment.date }} at {{ appointment.time }}.\nQuestions? Call {{ clinic.phone }}.\n\nDetails: https://clinic.example/a?x=1&y=2',
    },
    whatsapp: { contentSid: 'HX' + 'b'.repeat(32), variables: { '1': '{{ patient.firstName }}', '2': '{{ appointment.time }}' } },
    voice: { script: 'Hello {{ patient.firstName }}. This is {{ clinic.name }} with a reminder of your appointment on {{ appointment.date }} at {{ appointment.time }}.' },
  },
  es: {
    sms: { body: 'Hola {{ patient.firstName }}, le esperamos el {{ appointment.start | date: "%A %-d de %B, %H:%M" }}.' },
  },
};

describe('renderForChannel', () => {
  it('SMS: renders in the patient time zone and counts segments', () => {
    const out = renderForChannel(reminder, 'sms', 'en', context(), { timeZone: NY, clinic });
    expect(out.body).toBe('Hi Ana, see you Tue Mar 10 at 10:30 AM with Dr. Rivera. Reply C to confirm.');
    expect(out.segments).toEqual(countSmsSegments(out.body));
    expect(out.segments.encoding).toBe('GSM-7');
    expect(out).toMatchObject({ channel: 'sms', language: 'en', usedFallback: false });
  });

  it('times are right on both sides of a DST change (New York springs forward on 2026-03-08)', () => {
    const tpl: TemplateContent = { en: { sms: { body: '{{ appointment.start | date: "%Y-%m-%d %H:%M %Z" }} / {{ appointment.time }}' } } };
    const render = (startsAt: number, timeZone = NY) =>
      renderForChannel(tpl, 'sms', 'en', context({ startsAt, timeZone }), { timeZone, clinic }).body;
    // 15:00 UTC is 10:00 EST the day before the change and 11:00 EDT the day after.
    expect(render(Date.UTC(2026, 2, 7, 15, 0))).toBe('2026-03-07 10:00 EST / 10:00 AM');
    expect(render(Date.UTC(2026, 2, 9, 15, 0))).toBe('2026-03-09 11:00 EDT / 11:00 AM');
    // The night of the change: 06:59 UTC is 01:59 EST; 07:00 UTC is 03:00 EDT (02:xx does not exist).
    expect(render(Date.UTC(2026, 2, 8, 6, 59))).toBe('2026-03-08 01:59 EST / 1:59 AM');
    expect(render(Date.UTC(2026, 2, 8, 7, 0))).toBe('2026-03-08 03:00 EDT / 3:00 AM');
    // Fall back (2026-11-01): 05:30 and 06:30 UTC are both 01:30 local, EDT then EST.
    expect(render(Date.UTC(2026, 10, 1, 5, 30))).toBe('2026-11-01 01:30 EDT / 1:30 AM');
    expect(render(Date.UTC(2026, 10, 1, 6, 30))).toBe('2026-11-01 01:30 EST / 1:30 AM');
    // Europe changes on another date (2026-03-29): the same instant differs by zone.
    const lisbon: TemplateContent = { en: { sms: { body: '{{ appointment.start | date: "%H:%M %z" }}' } } };
    const inLisbon = (startsAt: number) =>
      renderForChannel(lisbon, 'sms', 'en', context({ startsAt, timeZone: 'Europe/Lisbon' }), { timeZone: 'Europe/Lisbon', clinic }).body;
    expect(inLisbon(Date.UTC(2026, 2, 28, 9, 0))).toBe('09:00 +0000');
    expect(inLisbon(Date.UTC(2026, 2, 30, 9, 0))).toBe('10:00 +0100');
  });

  it('property: the hour the date filter prints is the zone-local hour for any instant', () => {
    const tpl: TemplateContent = { en: { sms: { body: '{{ appointment.start | date: "%Y-%m-%d %H:%M" }}' } } };
    const zones = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns'];
    // Random instants, and instants within two hours of DST changes (2026: US 03-08 / 11-01, EU 03-29 / 10-25, AU 04-05 / 10-04).
    const transitions = [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 3, 4, 15), Date.UTC(2026, 9, 3, 16)];
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }),
      fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -7_200_000, max: 7_200_000 })).map(([t, d]) => t + d),
    );
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (ms, zone) => {
        const startsAt = ms - (ms % 60_000);
        const out = renderForChannel(tpl, 'sms', 'en', context({ startsAt, timeZone: zone }), { timeZone: zone, clinic }).body;
        const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(startsAt));
        const get = (t: string) => parts.find((p) => p.type === t)?.value;
        expect(out).toBe(`${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`);
      }),
      { numRuns: 400 },
    );
  });

  it('ready-made times contain no narrow no-break space (which would force UCS-2 in SMS)', () => {
    const ctx = context();
    expect(ctx.appointment?.time).toBe('10:30 AM');
    expect(countSmsSegments(`${ctx.appointment?.date} ${ctx.appointment?.time}`).encoding).toBe('GSM-7');
  });

  it('per-language variants: Spanish names in Spanish; a missing channel falls back to the fallback language; pt-BR uses pt', () => {
    const es = renderForChannel(reminder, 'sms', 'es', context({ language: 'es' }), { timeZone: NY, clinic, fallbackLanguage: 'en' });
    expect(es.body).toBe('Hola Ana, le esperamos el martes 10 de marzo, 10:30.');
    expect(es).toMatchObject({ language: 'es', usedFallback: false });
    const esEmail = renderForChannel(reminder, 'email', 'es', context({ language: 'es' }), { timeZone: NY, clinic, fallbackLanguage: 'en' });
    expect(esEmail).toMatchObject({ language: 'en', usedFallback: true });
    const fr = renderForChannel(reminder, 'sms', 'fr', context(), { timeZone: NY, clinic, fallbackLanguage: 'en' });
    expect(fr).toMatchObject({ language: 'en', usedFallback: true });
    const withPt: TemplateContent = { ...reminder, pt: { sms: { body: 'Olá {{ patient.firstName }}' } } };
    expect(renderForChannel(withPt, 'sms', 'pt-BR', context(), { timeZone: NY, clinic }).body).toBe('Olá Ana');
  });

  it('email: subject, a branded HTML document and a plain-text part with footer and unsubscribe link', () => {
    const out = renderForChannel(reminder, 'email', 'en', context({ unsubscribeUrl: 'https://clinic.example/u/1' }), { timeZone: NY, clinic });
    expect(out.subject).toBe('Your visit on Tuesday, March 10');
    expect(out.html).toMatch(/^<!doctype html>/);
    expect(out.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(out.html).toContain('Main Street Clinic</td>');
    expect(out.html).toContain('<p style="margin:0 0 16px 0;">Hello Ana Silva,</p>');
    expect(out.html).toContain('at 10:30 AM.<br>Questions?');
    expect(out.html).toContain('<a href="https://clinic.example/a?x=1&amp;y=2"');
    expect(out.html).toContain('<a href="https://clinic.example/u/1" style="color:#616e7c;">Unsubscribe</a>');
    expect(out.text).toContain('Hello Ana Silva,\n\nYour appointment is on Tuesday, March 10 at 10:30 AM.');
    expect(out.text).toContain('Unsubscribe: https://clinic.example/u/1');
  });

  it('email: patient-supplied values are HTML-escaped everywhere (name "<script>")', () => {
    const evil = '<script>alert("x")</script>';
    const out = renderForChannel(reminder, 'email', 'en', context({ firstName: evil, lastName: '"><img src=x onerror=y>' }), { timeZone: NY, clinic });
    expect(out.html).not.toContain('<script>');
    expect(out.html).not.toContain('<img');
    expect(out.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out.text).toContain(evil);
  });

  it('property: no generated value can inject markup into the HTML part', () => {
    const tpl: TemplateContent = { en: { email: { subject: 'Hi {{ patient.firstName }}', body: '{{ patient.firstName }} {{ patient.lastName }}\n\n{{ patient.fullName }}' } } };
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (first, last) => {
        const out = renderForChannel(tpl, 'email', 'en', context({ firstName: first, lastName: last }), { timeZone: NY, clinic });
        const body = out.html.slice(out.html.indexOf('<td class="fd-pad" style="padding:32px'), out.html.indexOf('</td></tr>', out.html.indexOf('padding:32px')));
        // Only our own tags appear in the body cell.
        const tags = body.match(/<\/?[a-zA-Z][^>]*>/g) ?? [];
        for (const tag of tags) expect(tag).toMatch(/^<(\/?p|br|\/?td|td class="fd-pad"[^>]*|p style="[^"]*"|a href="[^"]*" style="[^"]*"|\/a)>$/);
        const title = out.html.slice(out.html.indexOf('<title>') + 7, out.html.indexOf('</title>'));
        expect(title).not.toMatch(/[<>"]/);
      }),
      { numRuns: 300 },
    );
  });

  it('WhatsApp: approved content id with rendered variables, and a free-form body from the SMS text', () => {
    const out = renderForChannel(reminder, 'whatsapp', 'en', context(), { timeZone: NY, clinic });
    expect(out.contentSid).toBe('HX' + 'b'.repeat(32));
    expect(out.contentVariables).toEqual({ '1': 'Ana', '2': '10:30 AM' });
    expect(out.body).toContain('Hi Ana, see you Tue Mar 10');
  });

  it('voice: a one-line script', () => {
    const out = renderForChannel(reminder, 'voice', 'en', context(), { timeZone: NY, clinic });
    expect(out.script).toBe('Hello Ana. This is Main Street Clinic with a reminder of your appointment on Tuesday, March 10 at 10:30 AM.');
  });

  it('sending with a variable the context lacks fails loudly (strict), naming the variable', () => {
    const tpl: TemplateContent = { en: { sms: { body: 'Hi {{ patient.firstName }}, {{ appointment.start | date: "%H:%M" }}' } } };
    const noAppointment = buildTemplateContext({ patient: { firstName: 'Ana', lastName: 'S' }, clinic }, { timeZone: NY, language: 'en' });
    try {
      renderForChannel(tpl, 'sms', 'en', noAppointment, { timeZone: NY, clinic });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateError);
      expect((err as TemplateError).issues[0]).toMatchObject({ path: 'content.en.sms.body', name: 'appointment.start' });
      expect((err as TemplateError).message).toContain('Unknown variable "appointment.start"');
    }
  });

  it('an unknown time zone is a readable TemplateError, not a RangeError', () => {
    expect(() => context({ timeZone: 'Mars/Olympus' })).toThrow(TemplateError);
    expect(() => renderForChannel(reminder, 'sms', 'en', context(), { timeZone: 'Mars/Olympus', clinic })).toThrow('Unknown time zone "Mars/Olympus"');
  });

  it('renderText renders a free-standing text with variables', () => {
    expect(renderText('Hi {{ patient.firstName }}, call {{ clinic.phone }}', context(), { timeZone: NY, language: 'en' })).toBe('Hi Ana, call +1 555 010 0100');
  });
});

describe('validateTemplateContent (save time)', () => {
  const opts = { category: 'reminder' as const, fallbackLanguage: 'en', timeZone: NY };

  it('a correct template validates, with segment counts', () => {
    const v = validateTemplateContent(reminder, opts);
    expect(v.issues).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.smsSegments.en?.segments).toBe(1);
  });

  it('an unknown variable is an error naming it, with a suggestion, even inside a branch that would not run', () => {
    const v = validateTemplateContent({ en: { sms: { body: 'Hi {{ patient.firstname }}{% if false %}{{ appointment.doctor }}{% endif %}' } } }, opts);
    expect(v.ok).toBe(false);
    expect(v.issues).toEqual([
      { path: 'content.en.sms.body', name: 'patient.firstname', message: 'Unknown variable "patient.firstname" — did you mean "patient.firstName"?' },
      { path: 'content.en.sms.body', name: 'appointment.doctor', message: 'Unknown variable "appointment.doctor"' },
    ]);
  });

  it('an unknown filter is an error naming it; so is a syntax error and the date filter on a non-date', () => {
    const v = validateTemplateContent(
      {
        en: {
          sms: { body: 'Hi {{ patient.firstName | shout }}' },
          email: { subject: 'Hi {{ patient.firstName ', body: 'Born {{ patient.lastName | date: "%Y" }}' },
        },
      },
      opts,
    );
    expect(v.issues.map((i) => i.path)).toEqual(['content.en.sms.body', 'content.en.email.subject', 'content.en.email.body']);
    expect(v.issues[0]?.message).toBe('Unknown filter "shout" (line 1, column 4)');
    expect(v.issues[1]?.message).toMatch(/not closed/);
    expect(v.issues[2]?.message).toMatch(/date filter needs a date/);
  });

  it('appointment variables are refused in categories that are not about one appointment; unsubscribeUrl only in email', () => {
    const v = validateTemplateContent({ en: { sms: { body: '{{ appointment.time }} {{ unsubscribeUrl }}' } } }, { ...opts, category: 'broadcast' });
    expect(v.issues.map((i) => i.message)).toEqual([
      '"appointment.time" is not available in broadcast templates: they are not about one appointment',
      '"unsubscribeUrl" is only available in email, not SMS',
    ]);
    expect(validateTemplateContent({ en: { email: { subject: 'News', body: 'Bye: {{ unsubscribeUrl }}' } } }, { ...opts, category: 'broadcast' }).ok).toBe(true);
  });

  it('sensitive fields warn on SMS, WhatsApp and voice, not on email', () => {
    const v = validateTemplateContent(
      {
        en: {
          sms: { body: 'Your {{ appointment.reason }} visit' },
          email: { subject: 'Visit', body: 'Reason: {{ appointment.reason }}' },
          whatsapp: { contentSid: 'HX' + 'c'.repeat(32), variables: { '1': '{{ appointment.clinicianSpecialty }}' } },
          voice: { script: '{{ appointment.notes }}' },
        },
      },
      opts,
    );
    expect(v.ok).toBe(true);
    expect(v.warnings.filter((w) => w.kind === 'sensitive').map((w) => [w.path, w.variable])).toEqual([
      ['content.en.sms.body', 'appointment.reason'],
      ['content.en.whatsapp.variables.1', 'appointment.clinicianSpecialty'],
      ['content.en.voice.script', 'appointment.notes'],
    ]);
  });

  it('field-level structure errors: empty texts, bad content id, missing fallback language, bad language code', () => {
    const v = validateTemplateContent({ es: { sms: { body: ' ' }, whatsapp: { contentSid: 'HX123' } } }, opts);
    expect(v.issues.map((i) => i.path)).toEqual(['fallbackLanguage', 'content.es.sms.body', 'content.es.whatsapp.contentSid']);
    const bad = validateTemplateContent({ English: { sms: { body: 'x' } } }, opts);
    expect(bad.ok).toBe(false);
    expect(bad.issues[0]?.path).toBe('content.English');
  });

  it('warns about Unicode and long SMS, and refuses one over 1,600 characters with the sample values', () => {
    const uni = validateTemplateContent({ en: { sms: { body: 'Olá {{ patient.firstName }} ✓' } } }, opts);
    expect(uni.warnings.map((w) => w.kind)).toContain('sms_unicode');
    expect(uni.smsSegments.en?.encoding).toBe('UCS-2');
    // 1,595 characters + "Ana Silva" = 1,604 with the sample values.
    const long = validateTemplateContent({ en: { sms: { body: 'x'.repeat(1595) + '{{ patient.fullName }}' } } }, opts);
    expect(long.issues).toEqual([{ path: 'content.en.sms.body', message: 'Too long: 1604 characters with the sample values; the limit is 1600' }]);
    expect(validateTemplateContent({ en: { sms: { body: 'x'.repeat(1591) + '{{ patient.fullName }}' } } }, opts).ok).toBe(true);
  });

  it('a filter that fails only when an optional value is empty is caught by the sparse sample', () => {
    const v = validateTemplateContent({ en: { sms: { body: 'Link: {{ appointment.confirmUrl | date: "%Y" }}' } } }, opts);
    expect(v.ok).toBe(false);
  });
});
