// Structured JSON logs (pino: fast, small, redaction built in). Secrets are redacted by path.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(name: string, level = process.env['LOG_LEVEL'] ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['*.password', '*.apiKeys', 'password', 'authorization', 'req.headers.authorization'], censor: '[redacted]' },
  });
}
