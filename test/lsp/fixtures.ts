/** A logger-per-call finding at line 4 (0-based 3), columns 15-21. */
export const LEAKY = `import pino from 'pino';

export function handle(id: string) {
  const log = pino();
  log.info(id);
}
`;

/** Text with `count` leaky functions, so a published result tells which version it was computed for. */
export function leakyFunctions(count: number): string {
  let text = `import pino from 'pino';\n`;
  for (let i = 0; i < count; i++) text += `export function f${i}() {\n  const log = pino();\n  log.info('${i}');\n}\n`;
  return text;
}
