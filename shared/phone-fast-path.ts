/**
 * The common case of phone normalisation without libphonenumber's per-call overhead: a number
 * written with digits, spaces, brackets, dashes and dots (optionally after a +) is parsed and
 * validated by the same steps libphonenumber-js takes (parse.js, extractCountryCallingCode,
 * extractNationalNumber, getCountryByCallingCode, isValid, with the same /max metadata), but
 * with each country's regular expressions compiled once instead of at every test.
 *
 * It answers only where it follows libphonenumber step for step and says "ask libphonenumber"
 * (undefined) everywhere else: other characters, national prefixes with a transform rule,
 * non-geographic calling codes, unknown countries. shared/phone-fast-path.test.ts checks it
 * against libphonenumber over random and realistic numbers of many countries.
 */
import { isSupportedCountry, Metadata, type CountryCode } from 'libphonenumber-js/max';

/** The parts of libphonenumber's Metadata class this reads (its published types omit them). */
interface TypeDefinition {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface NumberingPlanApi {
  callingCode(): string;
  nationalPrefixForParsing(): string | undefined;
}
interface MetadataApi {
  numberingPlan: NumberingPlanApi | undefined;
  hasCallingCode(callingCode: string): boolean | undefined;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  selectNumberingPlan(countryOrCallingCode: string): MetadataApi;
  IDDPrefix(): string | undefined;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefixTransformRule(): string | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(type: string): TypeDefinition | undefined;
}

/** libphonenumber's order: fixed line first, then these (helpers/getNumberType.js). */
const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;
const MIN_LENGTH_FOR_NSN = 2;
const MAX_LENGTH_FOR_NSN = 17;
const MAX_LENGTH_COUNTRY_CODE = 3;
const MAX_INPUT_STRING_LENGTH = 250;

/** What this path reads: an optional + and then only ASCII digits and plain punctuation. */
const SIMPLE_NUMBER = /^\+?[0-9 ().-]+$/;

/** One numbering plan (a country), its patterns compiled once. */
interface Plan {
  callingCode: string;
  idd: RegExp;
  national: RegExp;
  possibleLengths: number[] | undefined;
  nationalPrefix: RegExp | null;
  transformRule: string | undefined;
  leadingDigits: RegExp | null;
  hasTypes: boolean;
  types: Array<{ pattern: RegExp; possibleLengths: number[] | undefined }>;
}

const metadata = new Metadata() as unknown as MetadataApi;
const plans = new Map<string, Plan>();
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function planOf(country: string): Plan {
  let plan = plans.get(country);
  if (plan) return plan;
  const m = metadata.selectNumberingPlan(country);
  const prefix = m.numberingPlan?.nationalPrefixForParsing();
  const leading = m.leadingDigits();
  const types: Plan['types'] = [];
  for (const name of TYPES) {
    const type = m.type(name);
    // A type without a pattern never matches (isNumberTypeEqualTo).
    if (type && type.pattern()) types.push({ pattern: whole(type.pattern()), possibleLengths: type.possibleLengths() });
  }
  plan = {
    callingCode: m.numberingPlan?.callingCode() ?? '',
    // stripIddPrefix builds `new RegExp(IDDPrefix())` and asks for a match at position 0.
    idd: new RegExp(m.IDDPrefix() ?? '(?:)'),
    national: whole(m.nationalNumberPattern()),
    possibleLengths: m.possibleLengths(),
    nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : null,
    transformRule: m.nationalPrefixTransformRule(),
    leadingDigits: leading ? new RegExp(leading) : null,
    hasTypes: m.hasTypes(),
    types,
  };
  plans.set(country, plan);
  return plan;
}

/** getNumberType(...) !== undefined. */
function hasType(plan: Plan, nationalNumber: string): boolean {
  if (!plan.national.test(nationalNumber)) return false;
  for (const t of plan.types) {
    if ((!t.possibleLengths || t.possibleLengths.includes(nationalNumber.length)) && t.pattern.test(nationalNumber)) return true;
  }
  return false;
}

/** Whether libphonenumber takes this as a default country (isSupportedCountry), asked once per country. */
const supported = new Map<string, boolean>();
function isHomeCountry(country: string): boolean {
  let known = supported.get(country);
  if (known === undefined) supported.set(country, (known = /^[A-Z]{2}$/.test(country) && isSupportedCountry(country as CountryCode)));
  return known;
}

/** checkNumberLength (helpers/checkNumberLength.js, no type), comparisons and all. */
function numberLength(plan: Plan, nationalNumber: string): 'IS_POSSIBLE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH' {
  const lengths = plan.possibleLengths;
  if (!lengths) return 'IS_POSSIBLE';
  const length = nationalNumber.length;
  const min = lengths[0];
  if (min === length) return 'IS_POSSIBLE';
  if (min !== undefined && min > length) return 'TOO_SHORT';
  const max = lengths[lengths.length - 1];
  if (max !== undefined && max < length) return 'TOO_LONG';
  return lengths.indexOf(length, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH';
}

/** getCountryByCallingCode; null when the countries of the code are unknown here (non-geographic). */
function countryByCallingCode(callingCode: string, nationalNumber: string): string | undefined | null {
  const countries = metadata.getCountryCodesForCallingCode(callingCode);
  if (!countries) return null;
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const plan = planOf(country);
    if (plan.leadingDigits) {
      if (nationalNumber && nationalNumber.search(plan.leadingDigits) === 0) return country;
    } else if (hasType(plan, nationalNumber)) return country;
  }
  return undefined;
}

/** extractNationalNumber; null where this path does not follow it (a transform rule). */
function extractNational(number: string, plan: Plan): string | null {
  const match = plan.nationalPrefix?.exec(number);
  if (!match) return number;
  const groups = match.length - 1;
  if (plan.transformRule && groups > 0 && match[groups]) return null;
  const stripped = number.slice(match[0].length);
  if (stripped === number) return number;
  if (plan.national.test(number) && !plan.national.test(stripped)) return number;
  if (plan.possibleLengths) {
    const country = countryByCallingCode(plan.callingCode, stripped);
    if (country === null) return null;
    const length = numberLength(country ? planOf(country) : plan, stripped);
    if (length === 'TOO_SHORT' || length === 'INVALID_LENGTH') return number;
  }
  return stripped;
}

/** The E.164 form of a valid number, null for an invalid one, undefined to ask libphonenumber. */
export function fastE164(text: string, defaultCountry: string): string | null | undefined {
  if (text.length > MAX_INPUT_STRING_LENGTH || !SIMPLE_NUMBER.test(text)) return undefined;
  const digits = text.replace(/[^0-9]/g, '');
  // Two digits or fewer: the viability rules differ (and no such number is valid anyway).
  if (digits.length < 3) return undefined;
  if (text.startsWith('+')) return international(digits);
  if (!isHomeCountry(defaultCountry)) return undefined;
  const home = planOf(defaultCountry);
  // A number dialled from here to abroad: 011 44 … in the US, 00 44 … elsewhere.
  const idd = digits.search(home.idd) === 0 ? (digits.match(home.idd)?.[0] ?? '') : null;
  if (idd !== null) {
    const rest = digits.slice(idd.length);
    if (rest !== '' && rest !== digits && rest[0] !== '0') return international(rest);
  }
  // The clinic's own calling code written without the +.
  if (digits.startsWith(home.callingCode)) {
    const shorter = digits.slice(home.callingCode.length);
    const shorterNational = extractNational(shorter, home);
    const fullNational = extractNational(digits, home);
    if (shorterNational === null || fullNational === null) return undefined;
    if ((!home.national.test(fullNational) && home.national.test(shorterNational)) || numberLength(home, fullNational) === 'TOO_LONG') {
      return inPlan(home.callingCode, shorter, undefined);
    }
  }
  return inPlan(home.callingCode, digits, defaultCountry);
}

/** After a + (or an international dialling prefix): the calling code, then the number. */
function international(digits: string): string | null | undefined {
  if (digits[0] === '0') return null;
  for (let i = 1; i <= MAX_LENGTH_COUNTRY_CODE && i <= digits.length; i++) {
    const callingCode = digits.slice(0, i);
    if (!metadata.hasCallingCode(callingCode)) continue;
    if (!metadata.getCountryCodesForCallingCode(callingCode)) return undefined;
    return inPlan(callingCode, digits.slice(i), undefined);
  }
  return null;
}

/** parsePhoneNumber's second half and PhoneNumber.isValid, in the plan of a calling code. */
function inPlan(callingCode: string, number: string, country: string | undefined): string | null | undefined {
  if (!number) return null;
  const mainCountry = metadata.getCountryCodesForCallingCode(callingCode)?.[0];
  if (!mainCountry) return undefined;
  const plan = planOf(country ?? mainCountry);
  const nationalNumber = extractNational(number, plan);
  if (nationalNumber === null) return undefined;
  const exact = countryByCallingCode(callingCode, nationalNumber);
  if (exact === null) return undefined;
  if (nationalNumber.length < MIN_LENGTH_FOR_NSN || nationalNumber.length > MAX_LENGTH_FOR_NSN) return null;
  const validIn = planOf(exact ?? country ?? mainCountry);
  const valid = validIn.hasTypes ? hasType(validIn, nationalNumber) : validIn.national.test(nationalNumber);
  return valid ? `+${callingCode}${nationalNumber}` : null;
}
