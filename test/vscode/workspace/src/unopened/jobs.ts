import pino from 'pino';

export function runJob(name: string) {
  const jobLog = pino({ name });
  jobLog.info('started');
}
