import pino from 'pino';

export function audit(event: string) {
  if (event) {
    const auditLog = pino({ name: 'audit' });
    auditLog.info(event);
  }
}
