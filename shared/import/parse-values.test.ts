import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { readBirthDate, readDate, readDateTime, readDuration, readLanguage, readStatus, readTime, splitFullName } from './parse-values';
import { defaultDateOrder } from './fields';
import { guessKind, guessMapping, suggestDateOrder } from './guess-mapping';

const today = { year: 2026, month: 1, day: 15 };
const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }) => (r.ok ? r.value : `ERR: ${r.reason}`);

describe('dates', () => {
  it('reads ISO, YYYY/MM/DD, DD.MM.YYYY and slashed dates in the file’s order', () => {
    expect(value(readBirthDate('1980-03-04', 'MDY', today))).toBe('1980-03-04');
    expect(value(readBirthDate('1980/03/04', 'DMY', today))).toBe('1980-03-04');
    expect(value(readBirthDate('04.03.1980', 'MDY', today))).toBe('1980-03-04');
    expect(value(readBirthDate('03/04/1980', 'MDY', today))).toBe('1980-03-04');
    expect(value(readBirthDate('03/04/1980', 'DMY', today))).toBe('1980-04-03');
    expect(value(readBirthDate('3-4-80', 'MDY', today))).toBe('1980-03-04');
    expect(value(readBirthDate('3/4/20', 'MDY', today))).toBe('2020-03-04');
  });

  it('refuses impossible and future dates with a reason that shows how it was read', () => {
    expect(value(readBirthDate('13/04/1980', 'MDY', today))).toMatch(/not a real date.*month\/day/);
    expect(value(readBirthDate('2026-02-30', 'MDY', today))).toMatch(/not a real date/);
    expect(value(readBirthDate('2027-01-01', 'MDY', today))).toMatch(/future/);
    expect(value(readBirthDate('yesterday', 'MDY', today))).toMatch(/not a date we can read/);
  });

  it('the order is the file’s, never guessed per row: every a/b/yyyy is read the same way', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1900, max: 2025 }), (a, b, y) => {
        const raw = `${a}/${b}/${y}`;
        const mdy = readDate(raw, 'MDY', 2026);
        const dmy = readDate(raw, 'DMY', 2026);
        expect(mdy.ok && mdy.value).toEqual({ year: y, month: a, day: b });
        expect(dmy.ok && dmy.value).toEqual({ year: y, month: b, day: a });
      }),
    );
  });

  it('the clinic’s country decides the default order', () => {
    expect(defaultDateOrder('US')).toBe('MDY');
    expect(defaultDateOrder('GB')).toBe('DMY');
    expect(defaultDateOrder('DE')).toBe('DMY');
    expect(defaultDateOrder('JP')).toBe('YMD');
  });
});

describe('times and instants', () => {
  it('reads 24-hour and 12-hour times', () => {
    expect(value(readTime('14:30'))).toEqual({ hour: 14, minute: 30 });
    expect(value(readTime('2:30 PM'))).toEqual({ hour: 14, minute: 30 });
    expect(value(readTime('12:05 a.m.'))).toEqual({ hour: 0, minute: 5 });
    expect(value(readTime('12pm'))).toEqual({ hour: 12, minute: 0 });
    expect(value(readTime('0930'))).toEqual({ hour: 9, minute: 30 });
    expect(value(readTime('13:00 PM'))).toMatch(/12-hour/);
    expect(value(readTime('24:00'))).toMatch(/not a valid time/);
  });

  it('reads local times in the clinic’s zone, and offsets as written', () => {
    const ny = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' }).toMillis();
    expect(value(readDateTime('03/04/2026 2:30 PM', 'MDY', 'America/New_York', 2076))).toBe(ny('2026-03-04T14:30'));
    expect(value(readDateTime('2026-07-01T09:00', 'MDY', 'America/New_York', 2076))).toBe(ny('2026-07-01T09:00'));
    expect(value(readDateTime('2026-07-01T09:00:00+02:00', 'MDY', 'America/New_York', 2076))).toBe(Date.parse('2026-07-01T07:00:00Z'));
    expect(value(readDateTime('04.03.2026 14:30', 'MDY', 'Europe/Berlin', 2076))).toBe(
      DateTime.fromISO('2026-03-04T14:30', { zone: 'Europe/Berlin' }).toMillis(),
    );
    // 02:30 on the spring-forward night does not exist in New York.
    expect(value(readDateTime('2026-03-08 02:30', 'MDY', 'America/New_York', 2076))).toMatch(/does not exist/);
  });

  it('reads durations, statuses, languages and full names', () => {
    expect([readDuration('45'), readDuration('1:30'), readDuration('1h 15m'), readDuration('30 min')].map(value)).toEqual([45, 90, 75, 30]);
    expect(value(readDuration('2'))).toMatch(/outside/);
    expect(['Scheduled', 'Canceled', 'No Show', 'Checked Out', 'DNA', ''].map((s) => value(readStatus(s)))).toEqual([
      'booked', 'cancelled', 'no_show', 'completed', 'no_show', 'booked',
    ]);
    expect(value(readStatus('maybe'))).toMatch(/not an appointment status/);
    expect(['EN', 'Spanish', 'Español', 'pt_BR'].map((s) => value(readLanguage(s)))).toEqual(['en', 'es', 'es', 'pt-br']);
    expect(value(splitFullName('Garcia, Maria Luisa'))).toEqual({ firstName: 'Maria Luisa', lastName: 'Garcia' });
    expect(value(splitFullName('Maria Luisa Garcia'))).toEqual({ firstName: 'Maria Luisa', lastName: 'Garcia' });
    expect(value(splitFullName('Cher'))).toMatch(/first and a last/);
  });
});

describe('guessing the mapping', () => {
  it('recognises common practice-system headers', () => {
    const headers = ['Patient ID', 'Patient First Name', 'Patient Last Name', 'Birth Date', 'Home Phone', 'Cell', 'Email Address', 'Preferred Language'];
    expect(guessKind(headers)).toBe('patients');
    expect(guessMapping(headers, 'patients', 'MDY').columns).toEqual({
      'patient.externalId': 'Patient ID',
      'patient.firstName': 'Patient First Name',
      'patient.lastName': 'Patient Last Name',
      'patient.dateOfBirth': 'Birth Date',
      'patient.phone': 'Home Phone',
      'patient.mobile': 'Cell',
      'patient.email': 'Email Address',
      'patient.language': 'Preferred Language',
    });
  });

  it('recognises a combined appointment export with a single date-time column', () => {
    const headers = ['Appointment ID', 'MRN', 'Name', 'DOB', 'Mobile', 'Start Time', 'Length', 'Provider', 'Office', 'Appointment Status'];
    expect(guessKind(headers)).toBe('combined');
    expect(guessMapping(headers, 'combined', 'DMY')).toEqual({
      columns: {
        'appointment.externalId': 'Appointment ID',
        'patient.externalId': 'MRN',
        'patient.fullName': 'Name',
        'patient.dateOfBirth': 'DOB',
        'patient.mobile': 'Mobile',
        'appointment.dateTime': 'Start Time',
        'appointment.duration': 'Length',
        'appointment.clinician': 'Provider',
        'appointment.location': 'Office',
        'appointment.status': 'Appointment Status',
      },
      dateOrder: 'DMY',
    });
  });
});

describe('the date order a file proves', () => {
  const mapping = { columns: { 'patient.dateOfBirth': 'DOB' }, dateOrder: 'MDY' as const };
  it('day first when a first part is above 12, month first when a second part is; otherwise the default', () => {
    expect(suggestDateOrder(mapping, ['DOB'], [['03/04/1990'], ['25/12/1990']], 'MDY')).toBe('DMY');
    expect(suggestDateOrder(mapping, ['DOB'], [['03/04/1990'], ['12/25/1990']], 'DMY')).toBe('MDY');
    expect(suggestDateOrder(mapping, ['DOB'], [['03/04/1990'], ['1990-12-25']], 'DMY')).toBe('DMY');
    expect(suggestDateOrder(mapping, ['DOB'], [['25/12/1990'], ['12/25/1990']], 'MDY')).toBe('MDY');
  });
});
