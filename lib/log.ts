import pino from 'pino';

/**
 * Structured logging. Never pass record text or national ids to the logger:
 * the redact list below is a safety net, not a licence.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { app: 'helsespor' },
  redact: {
    paths: ['text', '*.text', 'nationalId', '*.nationalId', 'authorization', '*.authorization'],
    censor: '[redacted]',
  },
});

export type Logger = typeof log;
