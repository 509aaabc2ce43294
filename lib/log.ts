import pino from 'pino';
import { logLevelFrom } from './config';

/**
 * Structured logging. Never pass record text or national ids to the logger:
 * the redact list below is a safety net, not a licence.
 */
export const log = pino({
  level: logLevelFrom(),
  base: { app: 'helsespor' },
  redact: {
    paths: ['text', '*.text', 'nationalId', '*.nationalId', 'authorization', '*.authorization'],
    censor: '[redacted]',
  },
});

export type Logger = typeof log;
