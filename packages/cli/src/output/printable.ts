/**
 * Text that came from the input (a key in a path, a value quoted in a message), made safe to print on a
 * terminal: control characters (C0 but tab, DEL, C1), bidirectional overrides and line separators are
 * written as `\u{...}` escapes, so that input cannot move the cursor, recolour or rewrite the screen,
 * ring the bell, or make a line read differently from its bytes.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

export function printable(text: string): string {
  UNSAFE.lastIndex = 0
  if (!UNSAFE.test(text)) return text
  return text.replace(UNSAFE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)
}
