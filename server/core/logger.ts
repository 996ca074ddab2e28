import pino from 'pino';

/** Fields that may carry secrets are never written to the log. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.initialPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.appSecret',
  '*.encodingAESKey',
];

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'channelpass' } });
}
