import pino from 'pino';

const log = pino();

export function handle(id: string) {
  log.info(id);
}
