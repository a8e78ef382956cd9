// Text as patterns should see it: compatibility forms (NFKC: fullwidth, mathematical letters, ligatures) folded,
// Cyrillic and Greek letters that look Latin read as Latin, invisible characters dropped, lower case. A person sees
// "іgnore all previous instructions" (Cyrillic і) or "i\u200bgnore"; a model reads it as the English it looks like.

/** Cyrillic and Greek letters that render like a Latin letter, lower case after toLowerCase(). */
const CONFUSABLE_LETTERS: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ɡ: 'g', ү: 'y', ꮃ: 'w',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y', ω: 'w', ϲ: 'c', ϳ: 'j',
};
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLE_LETTERS).join('')}]`, 'g');

// Format characters and controls that render as nothing: removed so that "ig\u200bnore" still reads "ignore".
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|\udb40[\udd00-\uddef]/g;

const PLAIN = /^[\x09\x0a\x0d\x20-\x7e]*$/;

/** The text folded for matching: NFKC, look-alike letters as Latin, invisible characters removed, lower case. */
export function normalizeForMatching(text: string): string {
  // Printable ASCII, the usual case, needs only lower-casing.
  if (PLAIN.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').toLowerCase().replace(INVISIBLE, '').replace(CONFUSABLE, (letter) => CONFUSABLE_LETTERS[letter] ?? letter);
}
