/**
 * Text from the data made safe to show: bidirectional control characters (U+202A–202E, U+2066–2069,
 * U+200E/200F, U+061C) are removed, so a name holding U+202E cannot flip the text around it.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function displayText(text: string | null | undefined): string {
  return (text ?? '').replace(BIDI_CONTROLS, '');
}
