import { createHmac } from 'node:crypto';

/** Slack's request signature: v0= + hex HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`). */
export function slackSignature(secret: string, timestamp: number | string, rawBody: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
}

/** Headers of a signed form request, as Slack sends them. */
export function signedHeaders(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, rawBody),
  };
}
