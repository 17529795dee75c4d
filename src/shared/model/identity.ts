// Normalised contact identities: the one place that decides how an email, a phone number or a
// platform's customer id is written in learner_identities, so that the same person exported by
// two platforms (or typed into the viewer page) is recognised as one learner. The demo generator
// writes values that are already in this form (lower-case emails, '+86…' phones).

const EMAIL_MAX_LENGTH = 320;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_MIN_DIGITS = 6;
const PHONE_MAX_DIGITS = 15;
const PLATFORM_ID_MAX_LENGTH = 200;
const DISPLAY_NAME_MAX_LENGTH = 100;

/**
 * Trimmed and lower-cased; full-width characters folded (＠ → @); a `mailto:` or `<…>` wrapper
 * removed. Plus-addressing is kept: `ann+course@x.com` is what the buyer typed, and some people
 * use it to tell shops apart. Null if it is not an address.
 */
export function normaliseEmail(raw: string): string | null {
  let text = raw.normalize('NFKC').trim().toLowerCase();
  text = text
    .replace(/^mailto:/, '')
    .replace(/^<(.*)>$/, '$1')
    .trim();
  if (text.length > EMAIL_MAX_LENGTH || !EMAIL_SHAPE.test(text)) return null;
  return text;
}

/**
 * E.164-like: `+` and digits. Without a `+` (or `00`) the default country code is added, after
 * dropping a national trunk `0`; for China (`86`) an 11-digit mobile starting with 1 gets `+86`.
 * A number that already starts with the country code and is long enough is taken as
 * international without its `+`. With no default country code, a national number stays digits
 * only (it still matches itself). Extensions (`ext`, `x`, `#`, `转`) are dropped.
 */
export function normalisePhone(raw: string, defaultCountryCode?: string): string | null {
  const text = raw
    .normalize('NFKC')
    .trim()
    .replace(/(?:ext\.?|x|#|转).*$/i, '');
  const digits = text.replace(/\D/g, '');
  if (digits.length < PHONE_MIN_DIGITS) return null;
  let international: string | null = null;
  if (text.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  let result: string;
  if (international !== null) {
    result = `+${international}`;
  } else if (defaultCountryCode) {
    const cc = defaultCountryCode.replace(/\D/g, '');
    if (cc === '86' && /^1\d{10}$/.test(digits)) result = `+86${digits}`;
    else if (digits.startsWith('0')) result = `+${cc}${digits.slice(1)}`;
    else if (digits.startsWith(cc) && digits.length >= cc.length + 9) result = `+${digits}`;
    else result = `+${cc}${digits}`;
  } else {
    result = digits;
  }
  const count = result.replace('+', '').length;
  return count <= PHONE_MAX_DIGITS ? result : null;
}

/**
 * A platform's customer id, kept as written (ids are case-sensitive) but trimmed; a spreadsheet
 * number like 17841 and the text "17841.0" both become "17841".
 */
export function normalisePlatformId(raw: string): string | null {
  let text = raw.normalize('NFKC').trim();
  if (/^\d+\.0+$/.test(text)) text = text.replace(/\.0+$/, '');
  return text === '' || text.length > PLATFORM_ID_MAX_LENGTH ? null : text;
}

export interface BuyerIdentity {
  email: string | null;
  phone: string | null;
  platformId: string | null;
  name: string | null;
}

/**
 * The name a new learner gets: the name in the file, else the email's local part, else the
 * platform's id ("shopify 1234"), else the phone's last four digits. Never a whole phone number:
 * display names can be shown to other learners.
 */
export function displayNameFor(buyer: BuyerIdentity, source: string): string {
  const name = buyer.name?.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const candidate =
    (name ? name : null) ??
    (buyer.email ? (buyer.email.split('@')[0] ?? null) : null) ??
    (buyer.platformId ? `${source} ${buyer.platformId}` : null) ??
    (buyer.phone ? `…${buyer.phone.slice(-4)}` : null) ??
    source;
  return Array.from(candidate).slice(0, DISPLAY_NAME_MAX_LENGTH).join('');
}

/** Enough of an email to recognise it by, never the address: `j•••@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at > 0 ? `${email.slice(0, 1)}•••${email.slice(at)}` : '•••';
}

/** The last four digits of a phone number: `•••1234`. */
export function maskPhone(phone: string): string {
  return `•••${phone.slice(-4)}`;
}
