/**
 * Text from the scanned tree (file names, code quoted in messages) shown with its control
 * characters escaped. A file named "x\n::error::…" or holding an escape sequence must not add lines
 * to a CI log (where `::` lines are commands) or repaint the user's terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
