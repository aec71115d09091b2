import pino from 'pino';

export function handle(id: string) {
  const log = pino();
  log.info(id);
}
