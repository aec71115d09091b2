import pino from 'pino';

export function onRequest(url: string) {
  const requestLog = pino();
  requestLog.info(url);
}
