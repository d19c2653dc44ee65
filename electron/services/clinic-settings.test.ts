/** The clinic's own phone is checked like a patient's before it can reach a HELP reply. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClinicSettingsService } from './clinic-settings';
import { JsonFileSettingsStore } from '../foundation/file-stores';
import { makeTempDir } from '../db/test-db';

const service = () => new ClinicSettingsService(new JsonFileSettingsStore(path.join(makeTempDir('frontdesk-clinic-'), 'settings.json')));

describe('clinic phone', () => {
  it('refuses a number that is not one, with the phone check’s words, and changes nothing', () => {
    const s = service();
    expect(() => s.update({ clinicPhone: '12345' })).toThrow(/too short for a number in the United States/);
    expect(s.get().clinicPhone).toBe('');
  });

  it('stores a valid number in international form; empty stays allowed', () => {
    const s = service();
    expect(s.update({ clinicPhone: '(212) 555-0100' }).clinicPhone).toBe('+12125550100');
    expect(s.update({ clinicPhone: '' }).clinicPhone).toBe('');
    expect(s.update({ defaultCountry: 'GB', clinicPhone: '020 7946 0958' }).clinicPhone).toBe('+442079460958');
  });
});
