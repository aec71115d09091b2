import pino from 'pino';

export function first(id: string) {
  const log = pino();
  log.info(id);
}

export function second(id: string) {
  const logger = pino({ name: 'second' });
  logger.warn(id);
}
