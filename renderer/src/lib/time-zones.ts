/** Every IANA time zone this browser knows, for the searchable time-zone fields. */
let zones: string[] | null = null;

export function timeZoneNames(): readonly string[] {
  if (!zones) {
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      // An engine without the list: a few common zones still make typing one easier.
      zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Paris', 'Australia/Sydney'];
    }
  }
  return zones;
}
