import pino from 'pino';
import pretty from 'pino-pretty';
import { logLevelFrom } from './config';

const options: pino.LoggerOptions = {
  level: logLevelFrom(),
  base: { app: 'helsespor' },
  redact: {
    paths: ['text', '*.text', 'nationalId', '*.nationalId', 'authorization', '*.authorization'],
    censor: '[redacted]',
  },
};

/**
 * Structured logging. Never pass record text or national ids to the logger:
 * the redact list below is a safety net, not a licence.
 *
 * A person at a terminal (stdout is a TTY, as with `npm start`) reads one coloured line
 * per event; anything else (a pipe, a file, a log collector) gets one JSON object a line.
 * Both are written synchronously, so nothing is lost when the process exits.
 */
export const log = process.stdout.isTTY
  ? pino(
      options,
      pretty({
        colorize: true,
        singleLine: true,
        sync: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,app',
      }),
    )
  : pino(options);

export type Logger = typeof log;
